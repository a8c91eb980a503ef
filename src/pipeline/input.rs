//! The input stage, with memory: the scan of `content/` and `static/`, `site.toml`, the theme
//! and every page. A page whose file has the same stamp as in the last run is not read again;
//! when the watcher names the changed pages, only they are looked at.

use super::Options;
use crate::config::SiteConfig;
use crate::diagnostics::Diagnostics;
use crate::load::{self, Document, Found, Scan, Source, Stamp, ThemeFiles};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// What may have changed since the last run.
#[derive(Debug, Clone)]
pub enum Changed {
    /// Anything: every folder is walked again.
    Anything,
    /// Only these paths (as the watcher reports them, below the site root).
    Paths(Vec<PathBuf>),
}

/// Everything read for one run.
pub struct Input {
    root: PathBuf,
    base_url: Option<String>,
    scan: Scan,
    config: Result<SiteConfig, Diagnostics>,
    theme: Option<Result<ThemeFiles, Diagnostics>>,
    /// One per page of the scan, in its order.
    docs: Vec<load::ReadDocument>,
}

/// The input of a run, and how it differs from the last.
pub struct Read {
    pub input: Input,
    /// The pages read in this run (the others are the last run's).
    fresh: Vec<usize>,
    /// Whether only the texts of pages changed: no page, file or folder came or went, no
    /// front matter, block, setting or template changed, and nothing has a problem.
    pub only_texts_changed: bool,
}

impl Read {
    pub fn changed_documents(&self) -> impl Iterator<Item = &Document> {
        self.fresh
            .iter()
            .filter_map(|i| self.input.docs[*i].as_ref().ok().map(|(d, _)| d))
    }

    /// Stamps of the files beside pages and in `static/`, by path below their folder.
    pub fn stamps(&self) -> (HashMap<&str, Stamp>, HashMap<&str, Stamp>) {
        fn map(files: &[load::PlainFile]) -> HashMap<&str, Stamp> {
            files.iter().map(|f| (f.rel.as_str(), f.stamp)).collect()
        }
        (map(&self.input.scan.content_files), map(&self.input.scan.static_files))
    }
}

impl Input {
    /// Where to read the texts left on disk again, by page (path below `content/`).
    pub fn texts_on_disk(&self) -> HashMap<String, load::body::OnDisk> {
        self.scan
            .pages
            .iter()
            .zip(&self.docs)
            .filter_map(|(f, d)| {
                let (d, _) = d.as_ref().ok()?;
                let mark = d.text_left?;
                Some((
                    f.rel.clone(),
                    load::body::OnDisk {
                        found: f.clone(),
                        shown: d.file.clone(),
                        mark,
                    },
                ))
            })
            .collect()
    }

    /// The source for the model (a copy when the input is kept for the next run).
    pub fn source(&mut self, keep: bool) -> Result<(Source, Diagnostics), Diagnostics> {
        let theme = if keep { self.theme.clone() } else { self.theme.take() };
        let (scan, docs) = if keep {
            (self.scan.clone(), self.docs.clone())
        } else {
            (
                std::mem::replace(&mut self.scan, empty_scan()),
                std::mem::take(&mut self.docs),
            )
        };
        load::assemble(&self.root, self.config.clone(), theme, scan, docs)
    }
}

fn empty_scan() -> Scan {
    Scan {
        pages: Vec::new(),
        content_files: Vec::new(),
        static_files: Vec::new(),
        has_content: false,
        problems: Vec::new(),
    }
}

/// Read the site, reusing what the last run read where the files are the same. Without
/// `keep_texts`, each page's text is left on disk once its front matter and blocks are read
/// (see [`load::body`]); [`Input::texts_on_disk`] says where.
pub fn read(opts: &Options, last: Option<Input>, changed: &Changed, keep_texts: bool) -> Read {
    let root = &opts.root;
    let config = load::config(root, opts.base_url.as_deref());
    let theme = config.as_ref().ok().map(|c| ThemeFiles::load(root, &c.theme));
    let mut last = last.filter(|l| l.root == opts.root && l.base_url == opts.base_url);
    let settings_same =
        |l: &Input| config.is_ok() && matches!(theme, Some(Ok(_))) && l.config == config && l.theme == theme;
    // The watcher named only pages that were there before: look at those alone.
    if let (Some(mut l), Changed::Paths(paths)) = (last.take(), changed) {
        let restamped = match restamp(root, &l.scan, paths) {
            Some(r) => r,
            None => return read_all(opts, Some(l), config, theme, keep_texts),
        };
        let settings = settings_same(&l);
        let mut fresh = Vec::new();
        let mut before = HashMap::new();
        for (i, stamp) in restamped {
            if l.scan.pages[i].stamp != stamp {
                l.scan.pages[i].stamp = stamp;
                fresh.push(i);
            }
        }
        let read: Vec<(usize, load::ReadDocument)> = fresh
            .par_iter()
            .map(|i| (*i, read_document(root, &l.scan.pages[*i], keep_texts)))
            .collect();
        for (i, d) in read {
            before.insert(i, std::mem::replace(&mut l.docs[i], d));
        }
        let only_texts_changed = settings && l.scan.problems.is_empty() && texts_only(&l.docs, &before, &fresh);
        l.config = config;
        l.theme = theme;
        return Read {
            input: l,
            fresh,
            only_texts_changed,
        };
    }
    read_all(opts, last, config, theme, keep_texts)
}

/// One page read; its text left on disk unless `keep_text`.
fn read_document(root: &Path, found: &Found, keep_text: bool) -> load::ReadDocument {
    let mut read = load::read_document(root, found);
    if !keep_text && let Ok((d, _)) = &mut read {
        d.leave_text();
    }
    read
}

/// Walk every folder, and read every page whose file is not the one read last time.
fn read_all(
    opts: &Options,
    last: Option<Input>,
    config: Result<SiteConfig, Diagnostics>,
    theme: Option<Result<ThemeFiles, Diagnostics>>,
    keep_texts: bool,
) -> Read {
    let root = &opts.root;
    let scan = load::scan(root);
    let mut same_shape = false;
    // Pages read their tables' rows from spreadsheets beside them: when one changed, every
    // page is read again (which page reads which file is not recorded).
    let last = last.filter(|l| !sheets_changed(&l.scan, &scan));
    // The last run's pages by name, with the file each was read from.
    let mut kept: HashMap<String, (Found, load::ReadDocument)> = HashMap::new();
    if let Some(l) = last {
        same_shape = config.is_ok()
            && matches!(theme, Some(Ok(_)))
            && l.config == config
            && l.theme == theme
            && same_files(&l.scan, &scan);
        for (f, d) in l.scan.pages.into_iter().zip(l.docs) {
            kept.insert(f.rel.clone(), (f, d));
        }
    }
    let mut docs: Vec<Option<load::ReadDocument>> = Vec::with_capacity(scan.pages.len());
    let mut before: HashMap<usize, load::ReadDocument> = HashMap::new();
    let mut fresh = Vec::new();
    for (i, f) in scan.pages.iter().enumerate() {
        match kept.remove(&f.rel) {
            Some((old, d)) if old == *f => docs.push(Some(d)),
            Some((_, d)) => {
                before.insert(i, d);
                fresh.push(i);
                docs.push(None);
            }
            None => {
                fresh.push(i);
                docs.push(None);
            }
        }
    }
    let read: Vec<(usize, load::ReadDocument)> = fresh
        .par_iter()
        .map(|i| (*i, read_document(root, &scan.pages[*i], keep_texts)))
        .collect();
    for (i, d) in read {
        docs[i] = Some(d);
    }
    let docs: Vec<load::ReadDocument> = docs.into_iter().map(|d| d.expect("every page read")).collect();
    let only_texts_changed = same_shape
        && scan.problems.is_empty()
        && scan.has_content
        && kept.is_empty()
        && texts_only(&docs, &before, &fresh);
    Read {
        input: Input {
            root: root.clone(),
            base_url: opts.base_url.clone(),
            scan,
            config,
            theme,
            docs,
        },
        fresh,
        only_texts_changed,
    }
}

/// Whether every page read again differs from its last reading only in its text.
fn texts_only(docs: &[load::ReadDocument], before: &HashMap<usize, load::ReadDocument>, fresh: &[usize]) -> bool {
    fresh.iter().all(|i| match (&docs[*i], before.get(i)) {
        (Ok((new, new_problems)), Some(Ok((old, _)))) => new_problems.is_empty() && same_but_text(old, new),
        _ => false,
    })
}

/// Whether a spreadsheet beside the pages came, went or changed.
fn sheets_changed(a: &Scan, b: &Scan) -> bool {
    let sheets = |s: &Scan| -> Vec<(String, Stamp)> {
        s.content_files
            .iter()
            .filter(|f| matches!(load::files::extension(&f.rel).as_str(), "xlsx" | "ods" | "csv"))
            .map(|f| (f.rel.clone(), f.stamp))
            .collect()
    };
    sheets(a) != sheets(b)
}

/// The same pages, files beside them and static files, at the same places (stamps aside).
fn same_files(a: &Scan, b: &Scan) -> bool {
    fn same<T>(a: &[T], b: &[T], key: impl Fn(&T) -> (&String, &PathBuf)) -> bool {
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| key(x) == key(y))
    }
    a.has_content == b.has_content
        && same(&a.pages, &b.pages, |f| (&f.rel, &f.abs))
        && same(&a.content_files, &b.content_files, |f| (&f.rel, &f.abs))
        && same(&a.static_files, &b.static_files, |f| (&f.rel, &f.abs))
}

/// Two readings of a page that differ at most in the text around the blocks (and so in the
/// lines the blocks start on).
fn same_but_text(old: &Document, new: &Document) -> bool {
    old.rel == new.rel
        && old.file == new.file
        && old.front == new.front
        && old.blocks.len() == new.blocks.len()
        && old.blocks.iter().zip(&new.blocks).all(|(a, b)| a.same_as_written(b))
}

/// The new stamps of the pages the watcher names; `None` when a full walk is needed (a page
/// came or went, a link, a folder, a file beside the pages or in `static/` changed, or a
/// path is not below the root).
fn restamp(root: &Path, last: &Scan, paths: &[PathBuf]) -> Option<Vec<(usize, Stamp)>> {
    let mut out = Vec::new();
    let mut by_path: Option<HashMap<&Path, usize>> = None;
    for p in paths {
        let rel = p.strip_prefix(root).ok()?;
        let parts: Vec<&str> = rel
            .components()
            .map(|c| match c {
                Component::Normal(s) => s.to_str(),
                _ => None,
            })
            .collect::<Option<_>>()?;
        match parts.as_slice() {
            [] => return None,
            // What the walk never looks at cannot change the site.
            parts if parts.iter().any(|s| s.starts_with('.')) => continue,
            // Read again in every run anyway.
            ["site.toml"] | ["templates", ..] | ["themes", ..] => continue,
            ["content", _, ..] if load::files::extension(parts[parts.len() - 1]) == "md" => {
                let index = by_path.get_or_insert_with(|| {
                    last.pages
                        .iter()
                        .enumerate()
                        .map(|(i, f)| (f.abs.as_path(), i))
                        .collect()
                });
                let i = *index.get(p.as_path())?;
                let meta = std::fs::symlink_metadata(p).ok()?;
                if !meta.file_type().is_file() {
                    return None;
                }
                out.push((i, Stamp::of(&meta)));
            }
            ["content" | "static", ..] => return None,
            _ => continue,
        }
    }
    Some(out)
}
