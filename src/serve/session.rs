//! A build kept in memory between edits, rebuilt as little as a change allows.
//!
//! - A change to the body or blocks of one content file re-reads that file, rebuilds the model
//!   (cheap), and re-renders only the pages that can show it: the page itself, and when its
//!   blocks changed, the indicator pages, its report's home page and every page that shares an
//!   indicator or assignment id with it. The search index is rebuilt from cached page texts.
//! - A change to front matter (titles, order, drafts …), a new or deleted file, a template, the
//!   theme, `static/` or `site.toml` rebuilds everything (still in memory).
//! - When a change brings problems, the last good build stays served and the problems are kept
//!   for the browser overlay and the terminal.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{self, Document, Source};
use crate::model::blocks::Block;
use crate::model::{self, ModelOptions, NodeId, Site};
use crate::render::{OutputFile, Renderer, SearchDoc, search};
use crate::write;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What is served: path inside the site (`a/b/index.html`) → bytes.
pub type Files = HashMap<String, Arc<Vec<u8>>>;

pub struct Session {
    root: PathBuf,
    base_url: String,
    drafts: bool,
    source: Option<Source>,
    /// Problems of files that did not load, by path below `content/`.
    load_problems: BTreeMap<String, Vec<Diagnostic>>,
    /// The model of the last build, patched in place by edits that keep the tree.
    site: Option<Site>,
    /// The last good build.
    pub files: Files,
    search: SearchState,
    /// Problems of the newest attempt; empty when it succeeded.
    pub problems: Vec<Diagnostic>,
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub pages: usize,
    pub full: bool,
}

impl Session {
    pub fn new(root: &Path, base_url: &str, drafts: bool) -> Session {
        let mut s = Session {
            root: root.to_path_buf(),
            base_url: base_url.to_string(),
            drafts,
            source: None,
            load_problems: BTreeMap::new(),
            site: None,
            files: HashMap::new(),
            search: SearchState::default(),
            problems: Vec::new(),
        };
        s.full();
        s
    }

    /// Read everything and build everything.
    pub fn full(&mut self) -> Rebuilt {
        match load::load(&self.root, Some(&self.base_url)) {
            Ok((source, diags)) => {
                self.load_problems.clear();
                for d in diags.sorted() {
                    let rel = d
                        .file
                        .strip_prefix("content")
                        .map(|p| p.to_string_lossy().replace('\\', "/"));
                    self.load_problems.entry(rel.unwrap_or_default()).or_default().push(d);
                }
                self.source = Some(source);
                self.rebuild_all()
            }
            Err(diags) => {
                self.problems = diags.sorted();
                Rebuilt { pages: 0, full: true }
            }
        }
    }

    fn all_load_problems(&self) -> Diagnostics {
        let mut d = Diagnostics::new();
        self.load_problems.values().flatten().cloned().for_each(|x| d.push(x));
        d
    }

    fn model(&self) -> Option<(Site, Diagnostics)> {
        let source = self.source.clone()?;
        let (site, mut diags) = model::build(source, ModelOptions { drafts: self.drafts });
        diags.extend(self.all_load_problems());
        Some((site, diags))
    }

    fn rebuild_all(&mut self) -> Rebuilt {
        let Some((site, mut diags)) = self.model() else {
            return Rebuilt { pages: 0, full: true };
        };
        let rendered = match crate::render::render(&site) {
            Ok(r) => r,
            Err(d) => {
                diags.extend(d);
                self.problems = diags.sorted();
                return Rebuilt { pages: 0, full: true };
            }
        };
        let search = SearchState::new(rendered.search.clone());
        let pages = rendered.pages + rendered.sections;
        match write::plan(&site, rendered, false) {
            Ok(plan) if diags.is_empty() => {
                let mut files: Files = plan.files.into_iter().map(|f| (f.path, Arc::new(f.bytes))).collect();
                for (path, from) in plan.copies {
                    if let Ok(bytes) = std::fs::read(&from) {
                        files.insert(path, Arc::new(bytes));
                    }
                }
                self.files = files;
                self.search = search;
                self.problems.clear();
                self.site = Some(site);
            }
            Ok(_) => self.problems = diags.sorted(),
            Err(d) => {
                diags.extend(d);
                self.problems = diags.sorted();
            }
        }
        Rebuilt { pages, full: true }
    }

    /// Bring the build up to date with changed paths (absolute or relative to the root).
    pub fn change(&mut self, paths: &[PathBuf]) -> Rebuilt {
        let content = self.root.join("content");
        let mut md = BTreeSet::new();
        for p in paths {
            let p = if p.is_absolute() { p.clone() } else { self.root.join(p) };
            match p.strip_prefix(&content) {
                Ok(rel) if rel.extension().is_some_and(|e| e == "md") => {
                    md.insert(rel.to_string_lossy().replace('\\', "/"));
                }
                _ => return self.full(),
            }
        }
        let Some(source) = self.source.as_mut() else {
            return self.full();
        };
        let mut structural = false;
        let mut changed: Vec<(String, Option<Document>, Option<Document>)> = Vec::new();
        for rel in md {
            let abs = content.join(&rel);
            let old_pos = source.documents.iter().position(|d| d.rel == rel);
            let old = old_pos.map(|i| source.documents[i].clone());
            if !abs.exists() {
                structural = true;
                if let Some(i) = old_pos {
                    source.documents.remove(i);
                }
                self.load_problems.remove(&rel);
                continue;
            }
            match load::read_document(&self.root, &rel, &abs).and_then(|(doc, mut ds)| {
                ds.extend(load::placeholder_problems(&doc, &source.config));
                if ds.is_empty() { Ok(doc) } else { Err(ds) }
            }) {
                Ok(doc) => {
                    self.load_problems.remove(&rel);
                    structural |= old.as_ref().is_none_or(|o| o.front != doc.front);
                    match old_pos {
                        Some(i) => source.documents[i] = doc.clone(),
                        None => {
                            source.documents.push(doc.clone());
                            source.documents.sort_by(|a, b| a.rel.cmp(&b.rel));
                        }
                    }
                    changed.push((rel, old, Some(doc)));
                }
                Err(problems) => {
                    // Keep the last good version in the model; report the problems.
                    self.load_problems.insert(rel, problems);
                }
            }
        }
        if !self.load_problems.is_empty() {
            self.problems = self.all_load_problems().sorted();
            return Rebuilt { pages: 0, full: false };
        }
        if structural {
            return self.rebuild_all();
        }
        self.rebuild_some(&changed)
    }

    /// Patch the changed documents into the model and re-render only what they can affect.
    fn rebuild_some(&mut self, changed: &[(String, Option<Document>, Option<Document>)]) -> Rebuilt {
        let Some(site) = self.site.as_mut() else {
            return self.rebuild_all();
        };
        let mut diags = Vec::new();
        let mut targets: BTreeSet<NodeId> = BTreeSet::new();
        let mut blocks_changed = false;
        for (rel, old, new) in changed {
            let (Some(&id), Some(new)) = (site.by_rel.get(rel), new.as_ref()) else {
                continue;
            };
            let node = &mut site.nodes[id];
            node.body = new.body.clone();
            node.body_first_line = new.body_first_line;
            if old.as_ref().is_none_or(|o| !o.blocks.is_empty()) || !new.blocks.is_empty() {
                blocks_changed = true;
                let report = node.report.map(|r| &site.reports[r]);
                let words = model::StatusWords::default();
                let ctx = model::blocks::Context {
                    period: report.map(|r| &r.period),
                    words: report.map(|r| &r.words).unwrap_or(&words),
                };
                let built = model::blocks::build_all(new.blocks.clone(), &ctx, &mut diags);
                site.nodes[id].blocks = built;
            }
            targets.insert(id);
        }
        if blocks_changed {
            site.indicators = model::history::build(site, &mut diags);
            site.plan = model::plan::build(site, &mut diags);
            let more: Vec<NodeId> = targets.iter().flat_map(|id| related(site, *id)).collect();
            targets.extend(more);
        }
        let site = &*site;
        let mut problems = Diagnostics::new();
        diags.into_iter().for_each(|d| problems.push(d));
        let renderer = match Renderer::new(site) {
            Ok(r) => r,
            Err(d) => {
                problems.extend(d);
                self.problems = problems.sorted();
                return Rebuilt { pages: 0, full: false };
            }
        };
        let mut out: Vec<OutputFile> = Vec::new();
        let mut pages = Vec::new();
        for id in &targets {
            match renderer.page(*id) {
                Ok((f, s)) => {
                    out.push(f);
                    pages.push(s);
                }
                Err(ds) => ds.into_iter().for_each(|d| problems.push(d)),
            }
        }
        if blocks_changed {
            renderer.indicator_pages(&mut out, &mut pages, &mut problems);
            match crate::render::data::render(site) {
                Ok(data) => out.extend(data),
                Err(d) => problems.extend(d),
            }
        }
        if !problems.is_empty() {
            self.problems = problems.sorted();
            return Rebuilt { pages: 0, full: false };
        }
        // The search index's name follows its bytes: drop the old one before adding the new.
        let mut files = self.files.clone();
        files.retain(|k, _| !k.starts_with("sok-index."));
        for p in pages {
            self.search.update(p);
        }
        renderer.search_page(self.search.json(), &mut out, &mut problems);
        for f in &out {
            files.insert(f.path.clone(), Arc::new(f.bytes.clone()));
        }
        if let Err(d) = write::links::verify_some(&out, &files, &site.config.base_path).and(problems.into_result(())) {
            self.problems = d.sorted();
            return Rebuilt { pages: 0, full: false };
        }
        self.files = files;
        self.problems.clear();
        Rebuilt {
            pages: targets.len(),
            full: false,
        }
    }
}

/// The search index kept in parts, so that one page can be replaced without re-reading all.
#[derive(Default)]
struct SearchState {
    docs: Vec<SearchDoc>,
    by_url: HashMap<String, u32>,
    titles: search::Postings,
    texts: search::Postings,
}

impl SearchState {
    fn new(docs: Vec<SearchDoc>) -> SearchState {
        let titles = search::Postings::build(docs.iter().map(|d| d.title_terms.as_slice()));
        let texts = search::Postings::build(docs.iter().map(|d| d.text_terms.as_slice()));
        let by_url = docs
            .iter()
            .enumerate()
            .map(|(i, d)| (d.url.clone(), i as u32))
            .collect();
        SearchState {
            docs,
            by_url,
            titles,
            texts,
        }
    }

    fn update(&mut self, doc: SearchDoc) {
        let Some(&i) = self.by_url.get(&doc.url) else { return };
        let old = &self.docs[i as usize];
        self.titles.update(i, &old.title_terms, &doc.title_terms);
        self.texts.update(i, &old.text_terms, &doc.text_terms);
        self.docs[i as usize] = doc;
    }

    fn json(&self) -> Vec<u8> {
        search::to_json(&self.docs, &self.titles, &self.texts)
    }
}

/// Pages whose output depends on the blocks of `id`: its report's home page, and every page
/// that shows an indicator or assignment with an id it also has.
fn related(site: &Site, id: NodeId) -> BTreeSet<NodeId> {
    let ids = |n: NodeId| -> BTreeSet<String> {
        let mut s = BTreeSet::new();
        for b in &site.nodes[n].blocks {
            match &b.block {
                Block::Indicators(set) => s.extend(set.items.iter().filter_map(|i| i.id.clone())),
                Block::Assignments(set) => s.extend(set.items.iter().filter_map(|a| a.id.clone())),
                _ => {}
            }
        }
        s
    };
    let mine = ids(id);
    let mut out = BTreeSet::new();
    if let Some(r) = site.nodes[id].report {
        out.insert(site.reports[r].node);
    }
    if !mine.is_empty() {
        for other in site.by_rel.values() {
            if *other != id && !ids(*other).is_disjoint(&mine) {
                out.insert(*other);
            }
        }
    }
    out
}
