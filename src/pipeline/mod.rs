//! The build, once, for `build`, `check` and `serve` alike: load → model → render → plan, with
//! every check. Nothing a build checks can be skipped by a preview, because there is no other
//! way to build.
//!
//! `serve` keeps a [`Memo`] between runs so that what did not change is not done again: files
//! whose stamp is the same are not read again, and when every change is to the text of pages
//! (not their front matter, blocks or names) the model of the last run is kept with the new
//! texts and only those pages are rendered. Which way a run takes changes how long it takes,
//! never what it gives: that is tested against builds from nothing after random edits
//! (`tests/it/serve_oracle.rs`).

mod input;
mod search;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load;
use crate::model::{self, NodeId, Site};
use crate::render::{OutputFile, Renderer, SearchDoc};
use crate::write::{self, CopiedFile, Placed, Plan, Sink};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

pub use input::Changed;

/// What to build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub root: PathBuf,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Also plan `.gz` and `.br` files beside text files.
    pub compress: bool,
}

/// What a run made: the files to write (all checked), and what it did.
pub struct Built {
    pub plan: Plan,
    pub pages: usize,
    pub sections: usize,
    /// Pages and sections rendered in this run (the others were kept from the last one).
    pub rendered: usize,
    /// Whether the last run's model was kept (only page texts changed).
    pub kept_model: bool,
}

/// What a run may reuse from the one before. [`Memo::once`] remembers nothing (a build);
/// [`Memo::keep`] remembers the last run (a preview).
#[derive(Default)]
pub struct Memo {
    keep: bool,
    input: Option<input::Input>,
    made: Option<Made>,
    links: write::links::Memo,
}

/// What was made from a model without problems, for the next run to keep.
struct Made {
    site: Site,
    pages: HashMap<NodeId, PageResult>,
    /// Every file besides pages, the search page and its index.
    others: Vec<Placed>,
    /// What the pages besides the content's (indicators, glossary) give the search index.
    other_docs: Vec<SearchDoc>,
    other_problems: Vec<Diagnostic>,
    search: search::SearchState,
}

type PageResult = Result<(Placed, SearchDoc), Vec<Diagnostic>>;

impl Memo {
    pub fn once() -> Memo {
        Memo::default()
    }

    pub fn keep() -> Memo {
        Memo {
            keep: true,
            links: write::links::Memo::keep(),
            ..Memo::default()
        }
    }
}

/// Build, keeping every file in memory (a preview). `changed` says what may have changed
/// since the memo's run (for a fresh memo, everything); `done` counts rendered pages, for a
/// progress display.
pub fn run(
    opts: &Options,
    memo: &mut Memo,
    changed: &Changed,
    done: Option<&AtomicUsize>,
) -> Result<Built, Diagnostics> {
    run_into(opts, memo, changed, done, Sink::Memory)
}

/// Build, handing every file to `sink` as soon as it is rendered: a build writes them into
/// its staging folder, so that the site is never held in memory whole. What is found after
/// rendering (a broken link, two files with one name) makes the run fail all the same, and
/// the caller then throws the staging folder away.
pub fn run_into(
    opts: &Options,
    memo: &mut Memo,
    changed: &Changed,
    done: Option<&AtomicUsize>,
    sink: Sink,
) -> Result<Built, Diagnostics> {
    let mut read = input::read(opts, memo.input.take(), changed, memo.keep);
    let on_disk = read.input.texts_on_disk();
    let mut problems = Diagnostics::new();
    // The model: the last one with new page texts, or built from what was read.
    let kept = memo
        .made
        .take()
        .filter(|_| read.only_texts_changed)
        .map(|made| with_new_texts(made, &read));
    let kept_model = kept.is_some();
    let mut made = match kept {
        Some(made) => made,
        None => {
            let (source, load_problems) = match read.input.source(memo.keep) {
                Ok(s) => s,
                Err(d) => {
                    memo.input = Some(read.input);
                    return Err(d);
                }
            };
            problems.extend(load_problems);
            let (site, model_problems) = model::build(source, model::ModelOptions { drafts: opts.drafts });
            problems.extend(model_problems);
            Made {
                site,
                pages: HashMap::new(),
                others: Vec::new(),
                other_docs: Vec::new(),
                other_problems: Vec::new(),
                search: search::SearchState::default(),
            }
        }
    };
    memo.input = Some(read.input);
    let (result, keepable) = render_and_plan(
        opts,
        &mut made,
        Run {
            kept_model,
            keep: memo.keep,
            sink,
            on_disk,
        },
        &mut memo.links,
        done,
        problems,
    );
    // Only a model without problems (and templates that load) is worth keeping: the next run
    // may then change page texts.
    if memo.keep && keepable {
        memo.made = Some(made);
    } else {
        // Let go of on the side, while the output is swapped in: freeing a model of 100,000
        // pages took a third of a second, with one core idle.
        rayon::spawn(move || drop(made));
    }
    result
}

/// The last run's model with the new texts of the pages read again (their rendered pages
/// dropped), and the files beside the pages as they are now.
fn with_new_texts(mut made: Made, read: &input::Read) -> Made {
    for doc in read.changed_documents() {
        if let Some(&id) = made.site.by_rel.get(&doc.rel) {
            let node = &mut made.site.nodes[id];
            node.body = doc.body.clone();
            node.body_first_line = doc.body_first_line;
            // The blocks are the same, but the text around them moved them.
            for (placed, input) in node.blocks.iter_mut().zip(&doc.blocks) {
                placed.offset = input.offset;
            }
            made.pages.remove(&id);
        }
    }
    let (content, statics) = read.stamps();
    for (f, _) in &mut made.site.content_files {
        f.stamp = content.get(f.rel.as_str()).copied().unwrap_or(f.stamp);
    }
    for f in &mut made.site.static_files {
        f.stamp = statics.get(f.rel.as_str()).copied().unwrap_or(f.stamp);
    }
    made
}

/// How a run renders: whether it kept the last model, keeps what it makes for the next run,
/// and where files go.
struct Run<'a> {
    kept_model: bool,
    keep: bool,
    sink: Sink<'a>,
    /// The texts left on disk, by page (a run that keeps nothing).
    on_disk: HashMap<String, load::body::OnDisk>,
}

/// Render the pages of `todo` in parallel, each put where it goes as soon as it is made. A
/// page whose text was left on disk (`on_disk`, by node) is rendered from its file, read
/// again; the others from the model.
fn render_pages(
    renderer: &Renderer,
    todo: Vec<NodeId>,
    mut on_disk: Vec<Option<load::body::OnDisk>>,
    put: &(dyn Fn(OutputFile) -> Placed + Sync),
    done: Option<&AtomicUsize>,
) -> Vec<(NodeId, PageResult)> {
    let todo: Vec<(NodeId, Option<load::body::OnDisk>)> = todo
        .into_iter()
        .map(|id| (id, on_disk.get_mut(id).and_then(Option::take)))
        .collect();
    drop(on_disk);
    todo.into_par_iter()
        .map(|(id, text)| {
            let page = match text {
                Some(file) => file
                    .read()
                    .map_err(|d| vec![d])
                    .and_then(|text| renderer.page_with_text(id, &text)),
                None => renderer.page(id),
            };
            let page = page.map(|(f, s)| (put(f), s));
            if let Some(d) = done {
                d.fetch_add(1, Ordering::Relaxed);
            }
            (id, page)
        })
        .collect()
}

/// Everything besides the content's pages: theme assets, indicator, glossary and fixed pages,
/// feeds and data files, with what they give the search index and their problems.
fn render_others(
    renderer: &Renderer,
    site: &Site,
    put: &(dyn Fn(OutputFile) -> Placed + Sync),
) -> (Vec<Placed>, Vec<SearchDoc>, Vec<Diagnostic>) {
    let mut others = Vec::new();
    let mut docs = Vec::new();
    let mut diags = Diagnostics::new();
    others.extend(renderer.assets().iter().cloned());
    renderer.indicator_pages(&mut others, &mut docs, &mut diags);
    renderer.glossary_page(&mut others, &mut docs, &mut diags);
    renderer.fixed_pages(&mut others, &mut docs, &mut diags);
    others.extend(crate::render::feeds::generated(site));
    let mut placed: Vec<Placed> = others.into_par_iter().map(put).collect();
    match crate::render::data::render(site, put) {
        Ok(data) => placed.extend(data),
        Err(d) => diags.extend(d),
    }
    (placed, docs, diags.sorted())
}

/// Render what is not kept, plan every file, check every link. The flag beside the result
/// says whether the model and the templates had no problems (so that it may be kept).
fn render_and_plan(
    opts: &Options,
    made: &mut Made,
    run: Run,
    links: &mut write::links::Memo,
    done: Option<&AtomicUsize>,
    mut problems: Diagnostics,
) -> (Result<Built, Diagnostics>, bool) {
    let Run {
        kept_model,
        keep,
        sink,
        on_disk,
    } = run;
    let clean_model = problems.is_empty();
    let mut texts: Vec<Option<load::body::OnDisk>> = vec![None; made.site.nodes.len()];
    for (rel, file) in on_disk {
        if let Some(&id) = made.site.by_rel.get(&rel) {
            texts[id] = Some(file);
        }
    }
    let site = &made.site;
    let renderer = match Renderer::new(site) {
        Ok(r) => r,
        Err(d) => {
            problems.extend(d);
            return (Err(problems), false);
        }
    };
    let base_path = site.config.base_path.as_str();
    // The internal references of the files put, each kept once until the links are checked.
    let refs = write::links::Refs::default();
    let put = |f: OutputFile| sink.put(f, opts.compress, base_path, &refs);
    let mut diags = Diagnostics::new();
    let order = renderer.pages(&mut diags);
    let todo: Vec<NodeId> = order
        .iter()
        .copied()
        .filter(|id| !made.pages.contains_key(id))
        .collect();
    // The other pages and the data files do not depend on the content's pages: they are made
    // alongside them, so that no core waits for the slowest page or for the serial parts.
    let (fresh, others) = if kept_model {
        (render_pages(&renderer, todo, texts, &put, done), None)
    } else {
        let (fresh, others) = rayon::join(
            || render_pages(&renderer, todo, texts, &put, done),
            || render_others(&renderer, site, &put),
        );
        (fresh, Some(others))
    };
    let rendered = fresh.len();
    let mut files: Vec<Placed> = Vec::with_capacity(order.len() * 3);
    let mut new_docs = Vec::new();
    // A run that keeps nothing renders every page, in order, and needs none of them again.
    let mut own_docs = Vec::new();
    for (id, page) in fresh {
        if !keep {
            match page {
                Ok((f, s)) => {
                    files.push(f);
                    own_docs.push(s);
                }
                Err(ds) => ds.into_iter().for_each(|d| diags.push(d)),
            }
            continue;
        }
        if let (true, Ok((_, doc))) = (kept_model, &page) {
            new_docs.push(doc.clone());
        }
        made.pages.insert(id, page);
    }
    let mut docs: Vec<&SearchDoc> = own_docs.iter().collect();
    if keep {
        for id in &order {
            match &made.pages[id] {
                Ok((f, s)) => {
                    files.push(f.clone());
                    docs.push(s);
                }
                Err(ds) => ds.iter().cloned().for_each(|d| diags.push(d)),
            }
        }
    }
    if let Some((placed, other_docs, other_problems)) = others {
        made.others = placed;
        made.other_docs = other_docs;
        made.other_problems = other_problems;
    }
    docs.extend(made.other_docs.iter());
    // The search index: from every page, or the last one with the rendered pages replaced
    // (kept in parts only when there will be a next run).
    let mut search_files = Vec::new();
    let mut search_parts = Vec::new();
    let manifest = if kept_model || keep {
        if kept_model {
            for d in new_docs {
                made.search.update(d);
            }
        } else {
            made.search = search::SearchState::new(docs.into_iter().cloned().collect());
        }
        let index = made.search.files();
        search_files.extend(index.shards.into_iter().map(|(path, bytes)| OutputFile { path, bytes }));
        index.manifest
    } else {
        drop(docs);
        // A run that keeps nothing needs each entry once, and each part of the index goes
        // where it goes as soon as it is made.
        let mut all = own_docs;
        all.append(&mut made.other_docs);
        let (manifest, placed) = crate::render::search::index_into(all, &|path, bytes| put(OutputFile { path, bytes }));
        search_parts = placed;
        manifest
    };
    renderer.search_page(manifest, &mut search_files, &mut diags);
    made.other_problems.iter().cloned().for_each(|d| diags.push(d));
    problems.extend(diags);
    let pages = order.len();
    let sections = order
        .iter()
        .filter(|id| site.nodes[**id].kind == model::NodeKind::Section)
        .count();
    if !problems.is_empty() {
        return (Err(problems), clean_model);
    }
    if keep {
        files.extend(made.others.iter().cloned());
    } else {
        files.append(&mut made.others);
    }
    files.append(&mut search_parts);
    files.extend(search_files.into_iter().map(put));
    let plan = match planned(site, files, &opts.root, links, &refs) {
        Ok(p) => p,
        Err(d) => return (Err(d), true),
    };
    let plan = if opts.compress { plan.compressed() } else { plan };
    let built = Built {
        plan,
        pages: pages - sections,
        sections,
        rendered,
        kept_model,
    };
    (Ok(built), true)
}

/// Every file of the output, with the copies, checked: paths, and every internal link.
fn planned(
    site: &Site,
    files: Vec<Placed>,
    root: &std::path::Path,
    links: &mut write::links::Memo,
    refs: &write::links::Refs,
) -> Result<Plan, Diagnostics> {
    let copies: Vec<CopiedFile> = site
        .content_files
        .iter()
        .map(|(f, path)| CopiedFile::new(path.trim_start_matches('/'), f, site_file(&f.abs, root)))
        .chain(
            site.static_files
                .iter()
                .map(|f| CopiedFile::new(&f.rel, f, site_file(&f.abs, root))),
        )
        .collect();
    // Which page an output path comes from, for messages (looked up only when one is needed).
    let origin = |path: &str| -> Option<PathBuf> {
        site.by_rel
            .values()
            .map(|id| &site.nodes[*id])
            .find(|n| crate::render::index_path(&n.path) == path)
            .map(|n| n.file.clone())
    };
    let plan = write::plan(files, copies, &origin)?;
    links.verify(&plan, &site.config.base_path, refs)?;
    Ok(plan)
}

/// A file of the site as messages name it (`content/a/bild.png`).
fn site_file(abs: &std::path::Path, root: &std::path::Path) -> PathBuf {
    crate::diagnostics::display_path(root, abs)
}
