//! Open data: every table of the site as a download that describes itself, the tables of
//! each report as one Frictionless data package (and one zip and one JSON of all of them), and
//! a DCAT-AP-SE catalog of the packages for Sveriges dataportal to harvest.
//!
//! A renderer over the site, as mdBook's renderers are: it reads the model and returns files;
//! writing them is the next stage's work. See `docs/oppna-data.md` for what the files hold.

pub mod catalog;
pub mod comparison;
mod csv;
mod lists;
mod package;
pub mod paths;
mod resource;
mod table;
mod zip;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::blocks::Block;
use crate::model::{NodeId, ReportId, Site};
use crate::render::OutputFile;
use resource::{Resource, json_bytes};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// What a group of tables is: the tables of a report, the indicator histories of one
/// publisher, or the tables of pages outside any report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupKind {
    Report(ReportId),
    Indicators,
    Other,
}

/// Tables published together: one folder, one data package, one dataset in the catalog.
#[derive(Debug, Clone)]
pub struct Group {
    pub kind: GroupKind,
    /// Site path of the folder, ending in `data/`.
    pub folder: String,
    pub name: String,
    pub publisher: String,
    /// Each table's name and title, known before the tables are made.
    pub names: Vec<(String, String)>,
    /// The tables, once made (by [`render`], one group at a time; their rows are let go
    /// when the group's files are written).
    pub resources: Vec<Resource>,
    sources: Vec<Source>,
    /// The content file each table comes from, by the table's place in `names`.
    pub files: Vec<PathBuf>,
    /// Pages the tables are on, in site order.
    pub nodes: Vec<NodeId>,
}

impl Group {
    pub fn title(&self, site: &Site) -> String {
        match self.kind {
            GroupKind::Report(r) => {
                let r = &site.reports[r];
                format!("{}, {}: tabeller", r.label(), r.organisation)
            }
            GroupKind::Indicators => "Indikatorer över tid".into(),
            GroupKind::Other => format!("Tabeller på {} utanför rapporterna", site.config.title),
        }
    }

    pub fn description(&self, site: &Site) -> String {
        let what = match self.kind {
            GroupKind::Report(r) => {
                let report = &site.reports[r];
                let node = &site.nodes[report.node];
                let mut s = format!(
                    "Tabellerna i {} {} för {} (utgivare: {}).",
                    report.kind.name(),
                    report.year,
                    report.organisation,
                    report.publisher
                );
                if let Some(d) = &node.description {
                    s = format!("{} {s}", d.trim());
                }
                s
            }
            GroupKind::Indicators => format!(
                "Varje indikators värden år för år, ur alla rapporter som {} publicerar på webbplatsen.",
                self.publisher
            ),
            GroupKind::Other => "Tabeller och nyckeltal på webbplatsens sidor som inte hör till någon rapport.".into(),
        };
        let mut titles: Vec<&str> = Vec::new();
        for (_, title) in &self.names {
            if !titles.contains(&title.as_str()) {
                titles.push(title);
            }
        }
        let n = self.names.len();
        format!(
            "{what} {n} {}: {}. Värden som webbplatsen har räknat fram (summor, avvikelser, statusar) är markerade som beräknade; allt annat står i rapporten.",
            if n == 1 { "tabell" } else { "tabeller" },
            titles.join("; ")
        )
    }

    /// The page that shows the tables: the report's, the indicator index, or the home page.
    pub fn landing_page(&self, site: &Site) -> String {
        match self.kind {
            GroupKind::Report(r) => site.config.absolute_url(&site.nodes[site.reports[r].node].path),
            GroupKind::Indicators => site.config.absolute_url(crate::render::INDICATORS_PATH),
            GroupKind::Other => site.config.base_url.clone(),
        }
    }

    pub fn file(&self, ext: &str) -> String {
        format!("{}{}.{ext}", self.folder, self.name)
    }
}

/// Whose table it is, at the start of every JSON file and package entry.
fn about(
    site: &Site,
    report: Option<ReportId>,
    publisher: &str,
    page: Option<NodeId>,
    name: &str,
) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert("tabell".into(), json!(name));
    m.insert("utgivare".into(), json!(publisher));
    if let Some(r) = report.map(|r| &site.reports[r]) {
        m.insert("organisation".into(), json!(r.organisation));
        m.insert("rapport".into(), report_json(site, r));
    }
    if let Some(n) = page.map(|n| &site.nodes[n]) {
        m.insert("sida".into(), json!(n.title));
        m.insert("källa".into(), json!(site.config.absolute_url(&n.path)));
    }
    if let Some(o) = &site.config.open_data {
        m.insert(
            "licens".into(),
            json!({ "namn": o.license.spdx(), "adress": o.license.uri() }),
        );
    }
    m
}

fn report_json(site: &Site, r: &crate::model::Report) -> Value {
    json!({
        "titel": site.nodes[r.node].title,
        "typ": r.kind.name(),
        "år": r.year,
        "period": r.period.iso(),
        "adress": site.config.absolute_url(&site.nodes[r.node].path),
    })
}

/// A block's title for the download: its own; else its one item's name; else what it is and
/// on which page.
fn block_title(block: &Block, page_title: &str) -> String {
    let (own, one, what) = match block {
        Block::Table(t) => (Some(t.title.as_str()).filter(|t| !t.trim().is_empty()), None, "Tabell"),
        Block::KeyFigures(k) => (k.title.as_deref(), None, "Nyckeltal"),
        Block::Indicators(i) => (
            i.title.as_deref(),
            (i.items.len() == 1).then(|| format!("Indikator: {}", i.items[0].name)),
            "Indikatorer",
        ),
        Block::Assignments(a) => (
            a.title.as_deref(),
            (a.items.len() == 1).then(|| format!("Uppdrag: {}", a.items[0].title)),
            "Uppdrag",
        ),
    };
    match (own, one) {
        (Some(t), _) => t.to_string(),
        (None, Some(one)) => one,
        (None, None) => format!("{what}: {page_title}"),
    }
}

fn block_resource(site: &Site, node: NodeId, block: &Block, report: Option<ReportId>, publisher: &str) -> Resource {
    let n = &site.nodes[node];
    let name = paths::block(site, &n.path, block.key()).name;
    let title = block_title(block, &n.title);
    let about = about(site, report, publisher, Some(node), &name);
    match block {
        Block::Table(t) => table::resource(t, name, title, about),
        Block::KeyFigures(k) => lists::key_figures(k, name, title, about),
        Block::Indicators(i) => lists::indicators(i, name, title, about),
        Block::Assignments(a) => lists::assignments(a, name, title, about),
    }
}

fn shrunk<T>(mut v: Vec<T>) -> Vec<T> {
    v.shrink_to_fit();
    v
}

/// A table to be made: a page's block (made with its group, so that the tables of the whole
/// site are never in memory at once), or one made already.
#[derive(Debug, Clone)]
enum Source {
    Block(NodeId, usize, Option<ReportId>),
    Made(Box<Resource>),
}

impl Group {
    /// Make the group's tables.
    fn make(&mut self, site: &Site) {
        let publisher = self.publisher.clone();
        self.resources = std::mem::take(&mut self.sources)
            .into_iter()
            .map(|s| match s {
                Source::Block(id, i, report) => {
                    block_resource(site, id, &site.nodes[id].blocks[i].block, report, &publisher)
                }
                Source::Made(r) => *r,
            })
            .collect();
    }

    /// Let go of the tables once their files are made; what the catalog needs (their units
    /// and periods) stays.
    fn let_go(&mut self) {
        for r in &mut self.resources {
            *r = Resource {
                name: String::new(),
                title: String::new(),
                description: String::new(),
                fields: Vec::new(),
                rows: Vec::new(),
                json: Value::Null,
                tree: None,
                units: shrunk(std::mem::take(&mut r.units)),
                periods: shrunk(std::mem::take(&mut r.periods)),
            };
        }
    }
}

/// Every table of the site, in groups: reports in site order, then the indicator histories,
/// then the tables outside any report.
pub fn groups(site: &Site) -> Vec<Group> {
    let mut groups: Vec<Group> = Vec::new();
    let mut by_folder: BTreeMap<String, usize> = BTreeMap::new();
    let mut add = |groups: &mut Vec<Group>,
                   folder: String,
                   kind: GroupKind,
                   publisher: &str,
                   (name, title, r): (String, String, Source),
                   file: PathBuf,
                   node: NodeId| {
        let i = *by_folder.entry(folder.clone()).or_insert_with(|| {
            groups.push(Group {
                kind,
                name: paths::package_name(&folder),
                folder,
                publisher: publisher.to_string(),
                names: Vec::new(),
                resources: Vec::new(),
                sources: Vec::new(),
                files: Vec::new(),
                nodes: Vec::new(),
            });
            groups.len() - 1
        });
        let g = &mut groups[i];
        g.names.push((name, title));
        g.sources.push(r);
        g.files.push(file);
        if !g.nodes.contains(&node) {
            g.nodes.push(node);
        }
    };
    let mut order = Vec::new();
    site.walk(site.root, &mut order);
    let mut other = Vec::new();
    for id in order {
        let n = &site.nodes[id];
        let report = paths::report_of(site, &n.path);
        let publisher = report
            .map(|r| site.reports[r].publisher.as_str())
            .unwrap_or(site.config.publisher.as_str());
        for (i, b) in n.blocks.iter().enumerate() {
            let r = (
                paths::block(site, &n.path, b.block.key()).name,
                block_title(&b.block, &n.title),
                Source::Block(id, i, report),
            );
            match report {
                Some(rid) => add(
                    &mut groups,
                    paths::report_folder(site, rid),
                    GroupKind::Report(rid),
                    publisher,
                    r,
                    n.file.clone(),
                    id,
                ),
                None => other.push((r, n.file.clone(), id)),
            }
        }
    }
    for h in &site.indicators {
        let place = paths::history(h);
        let first = h.observations.first().map(|o| o.node).unwrap_or(site.root);
        let about = about(site, None, &h.publisher, None, &place.name);
        let r = lists::history(site, h, place.name.clone(), about);
        let r = (r.name.clone(), r.title.clone(), Source::Made(Box::new(r)));
        add(
            &mut groups,
            place.folder,
            GroupKind::Indicators,
            &h.publisher,
            r,
            site.nodes[first].file.clone(),
            first,
        );
    }
    for (r, file, id) in other {
        let publisher = site.config.publisher.clone();
        add(
            &mut groups,
            paths::OTHER_FOLDER.into(),
            GroupKind::Other,
            &publisher,
            r,
            file,
            id,
        );
    }
    groups
}

/// No two tables (or packages) may share a file name anywhere on the site.
fn check_names(groups: &[Group]) -> Diagnostics {
    // Name → what has it: (group, table index, or None for the group's own files).
    let mut seen: BTreeMap<&str, (&Group, Option<usize>)> = BTreeMap::new();
    let mut diags = Diagnostics::new();
    let what = |g: &Group, i: Option<usize>| match i {
        Some(i) => format!("tabellen \"{}\" i {}", g.names[i].1, g.files[i].display()),
        None => format!("alla tabeller i {}", g.folder),
    };
    for g in groups {
        let names = std::iter::once((g.name.as_str(), None)).chain(
            g.names
                .iter()
                .enumerate()
                .map(|(i, (name, _))| (name.as_str(), Some(i))),
        );
        for (name, i) in names {
            if let Some(&(other, j)) = seen.get(name) {
                let file = i.or(j).map(|k| {
                    if i.is_some() {
                        g.files[k].clone()
                    } else {
                        other.files[k].clone()
                    }
                });
                diags.push(
                    Diagnostic::new(
                        file.unwrap_or_default(),
                        0,
                        format!(
                            "två nedladdningar skulle heta {name}: {} och {}",
                            what(other, j),
                            what(g, i)
                        ),
                    )
                    .hint(
                        "ge det ena blocket ett annat id: (eller sidan ett annat namn), så att filnamnen skiljer sig",
                    ),
                );
            } else {
                seen.insert(name, (g, i));
            }
        }
    }
    diags
}

fn out(path: &str, bytes: Vec<u8>) -> OutputFile {
    OutputFile {
        path: path.trim_start_matches('/').to_string(),
        bytes,
    }
}

/// Every data file of the site: each table's CSV and JSON, each group's data package, zip
/// and JSON, and the catalog when `site.toml` asks for one. Each file is handed to `put` as
/// soon as it is made (groups in parallel); what `put` gives back is returned, in order.
pub fn render<T: Send>(site: &Site, put: &(dyn Fn(OutputFile) -> T + Sync)) -> Result<Vec<T>, Diagnostics> {
    use rayon::prelude::*;
    let mut groups = groups(site);
    check_names(&groups).into_result(())?;
    // Each group's files, and the sizes of its zip and JSON (for the catalog).
    type Sized<T> = (Vec<T>, [(String, usize); 2]);
    let per_group: Vec<Result<Sized<T>, Diagnostic>> = groups
        .par_iter_mut()
        .map(|g| {
            g.make(site);
            let mut files = Vec::new();
            let mut zipped = Vec::new();
            // Each table's JSON, for its own file and for the file of all the group's tables.
            let mut tables = Vec::with_capacity(g.resources.len());
            for r in &g.resources {
                let csv = r.csv();
                let json = json_bytes(&r.json);
                files.push(put(out(&format!("{}{}.json", g.folder, r.name), json.clone())));
                tables.push(json);
                files.push(put(out(&format!("{}{}.csv", g.folder, r.name), csv.clone())));
                zipped.push((format!("{}.csv", r.name), csv));
            }
            let package = json_bytes(&package::descriptor(site, g));
            files.push(put(out(
                &format!("{}{}", g.folder, paths::PACKAGE_FILE),
                package.clone(),
            )));
            zipped.insert(0, (paths::PACKAGE_FILE.to_string(), package));
            let zip = zip::archive(&zipped).map_err(|e| {
                Diagnostic::new(
                    g.files.first().cloned().unwrap_or_default(),
                    0,
                    format!("kunde inte packa {}: {e}", g.file("zip")),
                )
            })?;
            drop(zipped);
            let zip_size = (g.file("zip"), zip.len());
            files.push(put(out(&g.file("zip"), zip)));
            let all = package::combined(site, g, &tables);
            drop(tables);
            g.let_go();
            let json_size = (g.file("json"), all.len());
            files.push(put(out(&g.file("json"), all)));
            Ok((files, [zip_size, json_size]))
        })
        .collect();
    let mut files = Vec::new();
    let mut sizes = BTreeMap::new();
    for g in per_group {
        let (made, [zip, json]) = g?;
        files.extend(made);
        sizes.extend([zip, json]);
    }
    if let Some(open_data) = &site.config.open_data {
        let rdf = catalog::rdf(site, open_data, &groups, &sizes)?;
        files.push(put(out(paths::CATALOG_PATH, rdf)));
    }
    Ok(files)
}

/// Every site path the data renderer writes, for the check of links in pages.
pub fn site_paths(site: &Site) -> Vec<String> {
    use rayon::prelude::*;
    let pages: Vec<NodeId> = site.by_rel.values().copied().collect();
    // On every core: a portal has hundreds of thousands of tables.
    let places: Vec<paths::Place> = pages
        .par_iter()
        .flat_map_iter(|&id| {
            let n = &site.nodes[id];
            n.blocks.iter().map(move |b| paths::block(site, &n.path, b.block.key()))
        })
        .chain(site.indicators.par_iter().map(paths::history))
        .collect();
    let mut v: Vec<String> = places
        .par_iter()
        .flat_map_iter(|p| [p.file("csv"), p.file("json")])
        .collect();
    let folders: std::collections::BTreeSet<String> = places.into_iter().map(|p| p.folder).collect();
    for f in folders {
        let name = paths::package_name(&f);
        v.push(format!("{f}{}", paths::PACKAGE_FILE));
        v.push(format!("{f}{name}.zip"));
        v.push(format!("{f}{name}.json"));
    }
    if site.config.open_data.is_some() {
        v.push(paths::CATALOG_PATH.into());
    }
    v
}
