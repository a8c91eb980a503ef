//! Render: the model into HTML pages through the theme's Tera templates, with report blocks,
//! charts and Swedish formatting. Produces files in memory; writing them is the next stage.

pub mod charts;
pub mod comparison;
pub mod data;
pub mod feeds;
pub mod format;
pub mod glossary;
pub mod history;
pub mod markdown;
pub mod reports;
pub mod search;
pub mod templates;
pub mod views;
mod words;
pub mod xml;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{NodeId, Site};
use markdown::LinkTargets;

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
    /// The page as the index's list of pages has it (`["url","title","context","text"]`, the
    /// text as one line for the snippets shown with the results), written once as it is
    /// rendered.
    pub json: String,
    /// The distinct search terms of the title and of the text, sorted.
    pub title_terms: search::Terms,
    pub text_terms: search::Terms,
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

/// Renders pages of one site: the templates, link targets and theme assets, prepared once.
pub struct Renderer<'s> {
    site: &'s Site,
    tpl: Templates,
    documents: HashMap<String, String>,
    content_files: HashMap<String, String>,
    site_paths: SitePaths,
    assets: Vec<OutputFile>,
    /// The glossary's terms, when the site has a glossary page.
    terms: Option<glossary::Marker>,
}

/// Paths of the output, as links write them. A fast hash: the set is made again for every
/// edit in `insyn serve` (40,000 paths at 10,000 pages).
pub type SitePaths = rustc_hash::FxHashSet<String>;

/// Every path of the output apart from hashed theme assets, as links write them (`/a/b/`).
fn site_paths(site: &Site) -> SitePaths {
    let mut paths = SitePaths::default();
    for id in site.by_rel.values() {
        let n = &site.nodes[*id];
        paths.insert(n.path.clone());
    }
    for h in &site.indicators {
        paths.insert(h.path.clone());
    }
    paths.extend(data::site_paths(site));
    paths.extend(site.content_files.iter().map(|(_, p)| p.clone()));
    paths.extend(site.static_files.iter().map(|f| format!("/{}", f.rel)));
    let fixed = [
        INDICATORS_PATH,
        crate::urls::REPORTS,
        views::page::SEARCH_PATH,
        views::page::ACCESSIBILITY_PATH,
        glossary::GLOSSARY_PATH,
        "/atom.xml",
        "/sitemap.xml",
        "/robots.txt",
        "/404.html",
    ];
    paths.extend(fixed.iter().map(|p| p.to_string()));
    paths
}

impl<'s> Renderer<'s> {
    pub fn new(site: &'s Site) -> Result<Renderer<'s>, Diagnostics> {
        let c = &site.config;
        // Theme assets (hashed) and the site's static files (as they are).
        let mut assets = Vec::new();
        let mut urls: BTreeMap<String, String> = BTreeMap::new();
        for s in site
            .theme
            .static_files
            .iter()
            .filter(|s| !site.static_files.iter().any(|f| f.rel == s.rel))
        {
            let name = hashed_name(&s.rel, &s.bytes);
            urls.insert(s.rel.clone(), c.url(&name));
            assets.push(OutputFile {
                path: name,
                bytes: s.bytes.clone(),
            });
        }
        for s in &site.static_files {
            urls.insert(s.rel.clone(), c.url(&s.rel));
        }
        let mut tpl = Templates::new(&site.theme.templates, &c.base_path, urls)?;
        let terms = (!c.glossary.is_empty() && tpl.has(GLOSSARY_TEMPLATE))
            .then(|| glossary::Marker::new(&c.glossary, c.url(glossary::GLOSSARY_PATH)));
        let reports_page = tpl.has(reports::REPORTS_TEMPLATE);
        tpl.tera
            .global_context()
            .insert("site", &site_view(site, terms.is_some(), reports_page));
        let mut documents: HashMap<String, String> = site
            .by_rel
            .iter()
            .map(|(rel, id)| (rel.clone(), site.nodes[*id].path.clone()))
            .collect();
        for rel in &site.unreadable {
            documents.entry(rel.clone()).or_insert_with(|| "/".into());
        }
        let content_files = site
            .content_files
            .iter()
            .map(|(f, p)| (f.rel.clone(), p.clone()))
            .collect();
        Ok(Renderer {
            site,
            tpl,
            documents,
            content_files,
            site_paths: site_paths(site),
            assets,
            terms,
        })
    }

    /// The theme's static files, under their hashed names.
    pub fn assets(&self) -> &[OutputFile] {
        &self.assets
    }

    /// Every page and section in reading order, leaving out (and reporting) those whose
    /// front matter names a template that does not exist.
    pub fn pages(&self, diags: &mut Diagnostics) -> Vec<NodeId> {
        let mut order = Vec::new();
        self.site.walk(self.site.root, &mut order);
        order.retain(|id| {
            let n = &self.site.nodes[*id];
            match &n.template {
                Some(t) if !self.tpl.has(t) => {
                    diags.push(self.tpl.unknown(t, &n.file).at(n.template_line, 0));
                    false
                }
                _ => true,
            }
        });
        order
    }

    /// One page or section.
    pub fn page(&self, id: NodeId) -> Result<(OutputFile, SearchDoc), Vec<Diagnostic>> {
        self.page_with_text(id, &self.site.nodes[id].body)
    }

    /// The page of `id` from its Markdown `text` (the node's own, read again from its file by a
    /// run that left the texts on disk).
    pub fn page_with_text(&self, id: NodeId, text: &str) -> Result<(OutputFile, SearchDoc), Vec<Diagnostic>> {
        let targets = LinkTargets {
            documents: &self.documents,
            files: &self.content_files,
            base_path: &self.site.config.base_path,
            site_paths: &self.site_paths,
            terms: self.terms.as_ref(),
        };
        render_node(self.site, &self.tpl, &targets, id, text)
    }

    fn push(
        &self,
        template: &str,
        ctx: &tera::Context,
        site_path: &str,
        out: &mut Vec<OutputFile>,
        diags: &mut Diagnostics,
    ) {
        match self
            .tpl
            .render_file(template, ctx, std::path::Path::new(site_path), 16 * 1024)
        {
            Ok(bytes) => out.push(OutputFile {
                path: index_path(site_path),
                bytes,
            }),
            Err(d) => diags.push(d),
        }
    }

    /// Indicator history pages and their index, with their entries in the search index.
    pub fn indicator_pages(&self, out: &mut Vec<OutputFile>, docs: &mut Vec<SearchDoc>, diags: &mut Diagnostics) {
        let site = self.site;
        if site.indicators.is_empty() {
            return;
        }
        let mut index = Vec::new();
        let mut names = String::new();
        // On a site with several bodies, two histories may share a name: the title says whose.
        let several = site
            .indicators
            .iter()
            .any(|o| o.publisher != site.indicators[0].publisher);
        let comparisons = if self.tpl.has(comparison::COMPARISON_TEMPLATE) {
            comparison::build(site)
        } else {
            Vec::new()
        };
        for h in &site.indicators {
            let mut v = history::view(site, h);
            v.comparison_url = comparisons
                .iter()
                .find(|k| {
                    k.id == h.id
                        && k.years
                            .iter()
                            .any(|(_, e)| e.iter().any(|e| std::ptr::eq(e.history, h)))
                })
                .map(|k| site.config.url(&k.path(None)));
            let mut ctx = tera::Context::new();
            let title = if several {
                format!("{}, {}", h.name, h.publisher)
            } else {
                h.name.clone()
            };
            ctx.insert("page", &synthetic_page(site, &h.path, &title, "indicator"));
            ctx.insert("indicator", &v);
            self.push("indicator.html", &ctx, &h.path, out, diags);
            docs.push(search_doc(
                &v.url,
                &v.name,
                "Indikator över tid",
                &history::search_text(&v),
            ));
            names.push_str(&v.name);
            names.push('\n');
            index.push(v);
        }
        for k in &comparisons {
            self.comparison_pages(k, out, diags);
        }
        let title = "Indikatorer över tid";
        let mut ctx = tera::Context::new();
        ctx.insert("page", &synthetic_page(site, INDICATORS_PATH, title, "indicators"));
        if several {
            // Each body's indicators on a page of its own, and a list of the bodies here: no
            // page lists every body's every indicator.
            let mut bodies: Vec<history::BodyIndicators> = Vec::new();
            let mut views = index.into_iter().peekable();
            let mut all: Vec<history::IndicatorPageView> = Vec::new();
            while let Some(v) = views.next() {
                let publisher = v.publisher.clone();
                all.push(v);
                if views.peek().is_some_and(|n| n.publisher == publisher) {
                    continue;
                }
                let path = crate::urls::body_indicators(&crate::model::slugify(&publisher));
                let mut body_ctx = tera::Context::new();
                let body_title = format!("Indikatorer över tid, {publisher}");
                body_ctx.insert("page", &synthetic_page(site, &path, &body_title, "indicators"));
                body_ctx.insert("indicators", &all);
                self.push("indicators.html", &body_ctx, &path, out, diags);
                bodies.push(history::BodyIndicators {
                    name: publisher,
                    url: site.config.url(&path),
                    indicators: all.len(),
                });
                all.clear();
            }
            ctx.insert("indicators", &all);
            ctx.insert("bodies", &bodies);
            ctx.insert(
                "comparisons",
                &comparisons
                    .iter()
                    .map(|k| views::page::LinkView {
                        title: k.name.clone(),
                        url: site.config.url(&k.path(None)),
                        current: false,
                    })
                    .collect::<Vec<_>>(),
            );
        } else {
            ctx.insert("indicators", &index);
        }
        self.push("indicators.html", &ctx, INDICATORS_PATH, out, diags);
        docs.push(search_doc(&self.site.config.url(INDICATORS_PATH), title, "", &names));
    }

    /// The pages comparing one indicator between bodies: the list of years, and each year's
    /// table with its CSV.
    fn comparison_pages(&self, k: &comparison::Comparison, out: &mut Vec<OutputFile>, diags: &mut Diagnostics) {
        let site = self.site;
        let years = std::iter::once(None).chain(k.years.iter().map(|(y, _)| Some(*y)));
        for year in years {
            let path = k.path(year);
            let title = match year {
                Some(y) => format!("{} {y}: jämförelse mellan organisationer", k.name),
                None => format!("{}: jämförelse mellan organisationer", k.name),
            };
            let mut ctx = tera::Context::new();
            ctx.insert("page", &synthetic_page(site, &path, &title, "comparison"));
            ctx.insert("comparison", &k.view(site, year));
            ctx.insert("has_tables", &year.is_some());
            self.push(comparison::COMPARISON_TEMPLATE, &ctx, &path, out, diags);
            if let Some(y) = year {
                out.push(OutputFile {
                    path: k.csv_path(y).trim_start_matches('/').to_string(),
                    bytes: k.csv(site, y),
                });
            }
        }
    }

    /// The search index (named by its bytes) and the page that searches it.
    pub fn search(&self, docs: &[SearchDoc], out: &mut Vec<OutputFile>, diags: &mut Diagnostics) {
        let index = search::index(docs);
        out.extend(index.shards.into_iter().map(|(path, bytes)| OutputFile { path, bytes }));
        self.search_page(index.manifest, out, diags);
    }

    /// The page that searches the index whose table of contents is `manifest`, and the table of
    /// contents, under a name that follows its bytes (the parts go out on their own).
    pub fn search_page(&self, manifest: Vec<u8>, out: &mut Vec<OutputFile>, diags: &mut Diagnostics) {
        let index_name = hashed_name("sok-index.json", &manifest);
        let mut ctx = tera::Context::new();
        ctx.insert(
            "page",
            &synthetic_page(self.site, views::page::SEARCH_PATH, "Sök", "search"),
        );
        ctx.insert("search_index_url", &self.site.config.url(&index_name));
        ctx.insert("reports", &newest_reports(self.site));
        ctx.insert("reports_total", &self.site.reports.len());
        self.push("search.html", &ctx, views::page::SEARCH_PATH, out, diags);
        out.push(OutputFile {
            path: index_name,
            bytes: manifest,
        });
    }

    /// The glossary page, and an entry in the search index for each term.
    pub fn glossary_page(&self, out: &mut Vec<OutputFile>, docs: &mut Vec<SearchDoc>, diags: &mut Diagnostics) {
        if self.terms.is_none() {
            return;
        }
        let site = self.site;
        let g = &site.config.glossary;
        let path = glossary::GLOSSARY_PATH;
        let mut ctx = tera::Context::new();
        ctx.insert("page", &synthetic_page(site, path, "Ord och begrepp", "glossary"));
        ctx.insert("glossary", &glossary::view(g));
        self.push(GLOSSARY_TEMPLATE, &ctx, path, out, diags);
        docs.extend(glossary::search_docs(g, &site.config.url(path)));
    }

    /// The lists of all reports (by body and year), when the theme has a page for them.
    pub fn report_lists(&self, out: &mut Vec<OutputFile>, diags: &mut Diagnostics) {
        if !self.tpl.has(reports::REPORTS_TEMPLATE) {
            return;
        }
        for p in reports::pages(self.site) {
            let mut ctx = tera::Context::new();
            ctx.insert("page", &synthetic_page(self.site, &p.path, &p.title, "reports"));
            ctx.insert("reports", &p.view);
            self.push(reports::REPORTS_TEMPLATE, &ctx, &p.path, out, diags);
        }
    }

    /// The accessibility statement and the 404 page.
    pub fn fixed_pages(&self, out: &mut Vec<OutputFile>, docs: &mut Vec<SearchDoc>, diags: &mut Diagnostics) {
        self.report_lists(out, diags);
        let site = self.site;
        let mut ctx = tera::Context::new();
        let path = views::page::ACCESSIBILITY_PATH;
        let title = "Tillgänglighetsredogörelse";
        ctx.insert("page", &synthetic_page(site, path, title, "accessibility"));
        ctx.insert("accessibility", &site.config.accessibility);
        self.push("tillganglighet.html", &ctx, path, out, diags);
        let a = &site.config.accessibility;
        let text = format!(
            "Tillgänglighet, brister och kontakt. {}",
            a.known_issues
                .iter()
                .map(|i| i.text.as_str())
                .collect::<Vec<_>>()
                .join(" ")
        );
        docs.push(search_doc(&site.config.url(path), title, "", &text));
        let mut ctx = tera::Context::new();
        ctx.insert("page", &synthetic_page(site, "/404.html", "Sidan finns inte", "404"));
        match self.tpl.render("404.html", &ctx, std::path::Path::new("404.html")) {
            Ok(html) => out.push(OutputFile {
                path: "404.html".into(),
                bytes: html.into_bytes(),
            }),
            Err(d) => diags.push(d),
        }
    }
}

/// A search entry for a page that is not a content page.
pub fn search_doc(url: &str, title: &str, context: &str, text: &str) -> SearchDoc {
    let mut json = String::new();
    search::doc_json(&mut json, url, title, context, &search::snippet_text(text));
    // Kept until the index is written: no room to spare.
    json.shrink_to_fit();
    SearchDoc {
        url: url.to_string(),
        json,
        title_terms: search::distinct_terms(title),
        text_terms: search::distinct_terms(text),
    }
}

/// The theme's template for the glossary page; a theme without it has no glossary page.
pub const GLOSSARY_TEMPLATE: &str = "begrepp.html";

/// Where the indicator index lives.
pub const INDICATORS_PATH: &str = crate::urls::INDICATORS;

/// The newest reports, newest first: [`reports::HOME_REPORTS`] of them (the list of all
/// reports has the rest).
fn newest_reports(site: &Site) -> Vec<views::page::SummaryView> {
    site.reports_newest_first()
        .into_iter()
        .take(reports::HOME_REPORTS)
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

/// What a page's template gets besides the page: whether it has (wide) tables, its report
/// (with the overview on the report's start page), and on the home page the reports.
fn insert_page_parts(ctx: &mut tera::Context, site: &Site, id: NodeId) {
    let n = &site.nodes[id];
    let report = n.report;
    // A page with a table wider than the text column gives it the window's width.
    let wide_tables = n.blocks.iter().any(|b| match &b.block {
        crate::model::blocks::Block::Table(t) => views::table::is_wide(t),
        _ => false,
    });
    ctx.insert("wide_tables", &wide_tables);
    let has_tables = n.blocks.iter().any(|b| {
        matches!(
            b.block,
            crate::model::blocks::Block::Table(_) | crate::model::blocks::Block::Indicators(_)
        )
    });
    ctx.insert("has_tables", &has_tables);
    if let Some(r) = report {
        ctx.insert("report", &report_view(site, r, id));
        if site.reports[r].node == id {
            let chart_id = format!("uppdrag-status-{}", site.reports[r].year);
            ctx.insert(
                "assignments",
                &views::assignments::assignment_summary(site, r, &chart_id),
            );
            ctx.insert("overview", &views::overview::overview(site, r));
        }
    }
    if id == site.root {
        ctx.insert("reports", &newest_reports(site));
        ctx.insert("reports_total", &site.reports.len());
        let (latest, bodies) = views::overview::latest_by_body(site);
        ctx.insert("latest_by_body", &latest);
        ctx.insert("bodies_total", &bodies);
    }
}

fn render_node(
    site: &Site,
    tpl: &Templates,
    targets: &LinkTargets,
    id: NodeId,
    body: &str,
) -> Result<(OutputFile, SearchDoc), Vec<Diagnostic>> {
    let n = &site.nodes[id];
    let mut diags = Vec::new();
    let offsets: Vec<usize> = n.blocks.iter().map(|b| b.offset).collect();
    let md = markdown::render(body, n.body_first_line, &n.rel, &n.file, targets, &offsets, &mut diags);
    let mut block_html = Vec::with_capacity(n.blocks.len());
    let mut block_text = String::new();
    let headings: Vec<String> = md
        .headings
        .iter()
        .map(|h| views::assignments::comparable_title(&h.title))
        .collect();
    for placed in &n.blocks {
        let block = &placed.block;
        let (template, view) = views::blocks::block_view(site, &n.path, block, n.report, &headings);
        let mut ctx = tera::Context::new();
        ctx.insert_value("block", view);
        match tpl.render(template, &ctx, &n.file) {
            Ok(b) => {
                block_html.push(b);
                block_text.push_str(&block_search_text(block));
            }
            Err(d) => {
                block_html.push(String::new());
                diags.push(d)
            }
        }
    }
    let html = markdown::splice_blocks(&md.html, &block_html);
    let content_len = html.len();
    let report = n.report;
    let mut ctx = tera::Context::new();
    ctx.insert("page", &page_view(site, id, html, md.headings));
    insert_page_parts(&mut ctx, site, id);
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
    // The page's frame (menus, footer) comes on top of its content.
    let size_hint = 12 * 1024 + content_len;
    let out = match tpl.render_file(&template, &ctx, &n.file, size_hint) {
        Ok(o) => o,
        Err(d) => {
            diags.push(d);
            return Err(diags);
        }
    };
    if !diags.is_empty() {
        return Err(diags);
    }
    // Where the page belongs, so that two pages called "Ekonomi" are told apart.
    let context = match report {
        Some(r) if site.reports[r].node == id => site.organisation_of(r),
        Some(r) => format!("{}, {}", site.reports[r].label(), site.organisation_of(r)),
        None => String::new(),
    };
    let mut text = md.text;
    text.push_str(&block_text);
    Ok((
        OutputFile {
            path: index_path(&n.path),
            bytes: out,
        },
        search_doc(&site.config.url(&n.path), &n.title, &context, &text),
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
            if let Some(c) = &x.code {
                s.push(' ');
                s.push_str(c);
            }
        }),
        Block::KeyFigures(k) => k.items.iter().for_each(|x| {
            s.push('\n');
            s.push_str(&x.name);
        }),
        Block::Table(t) => {
            s.push('\n');
            s.push_str(&t.title);
            t.placed().iter().for_each(|p| {
                s.push('\n');
                s.push_str(&p.row.label);
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
