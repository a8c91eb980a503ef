//! Load: read the site from disk into plain data — configuration, content documents with
//! their front matter and raw report blocks, files beside them, templates and static files.
//! Nothing here knows what a report means; that is the model's job.

pub mod beside;
pub mod blocks;
pub mod body;
pub mod files;
pub mod front_matter;
pub mod glossary;
pub mod theme;
pub mod yaml;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::blocks::BlockInput;
use front_matter::FrontMatter;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use crate::policy::{decode_text, script_scheme, windows_reserved};
pub use files::{Found, Stamp};
pub use theme::{TemplateSource, ThemeFiles};

/// A Markdown file from `content/`.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path below `content/` with `/` separators, e.g. `regionstyrelsen/_index.md`.
    pub rel: String,
    /// Path for messages, relative to the site root, e.g. `content/regionstyrelsen/_index.md`.
    pub file: PathBuf,
    pub front: FrontMatter,
    /// The text after the front matter; empty when it was left on disk ([`Document::leave_text`]).
    pub body: String,
    /// File line of the first body line.
    pub body_first_line: usize,
    pub blocks: Vec<BlockInput>,
    /// What the text was, when it was left on disk to be read again ([`body::OnDisk`]).
    pub text_left: Option<body::Mark>,
}

impl Document {
    /// Drop the text, keeping a mark of it: the page is rendered from the file, read again.
    pub fn leave_text(&mut self) {
        self.text_left = Some(body::Mark::of(&self.body));
        self.body = String::new();
    }

    pub fn is_section(&self) -> bool {
        self.rel == "_index.md" || self.rel.ends_with("/_index.md")
    }
}

/// A file copied as it is: beside a page in `content/`, or from `static/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlainFile {
    /// Path below `content/` or `static/`, with `/` separators.
    pub rel: String,
    pub abs: PathBuf,
    /// The file that was checked: the copy takes its bytes from this file and no other.
    pub stamp: Stamp,
}

/// Everything read from disk.
#[derive(Debug, Clone)]
pub struct Source {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub documents: Vec<Document>,
    pub content_files: Vec<PlainFile>,
    pub static_files: Vec<PlainFile>,
    pub theme: ThemeFiles,
    /// Content files that could not be read (their problems are already reported); links to
    /// them are not reported a second time.
    pub unreadable: Vec<String>,
}

/// The site's input files as found on disk, checked but not yet read.
#[derive(Debug, Clone, PartialEq)]
pub struct Scan {
    /// Markdown files below `content/` (their `rel` ends with `.md` whatever case the file
    /// name has).
    pub pages: Vec<Found>,
    pub content_files: Vec<PlainFile>,
    pub static_files: Vec<PlainFile>,
    /// Whether `content/` is there at all.
    pub has_content: bool,
    pub problems: Vec<Diagnostic>,
}

/// Walk `content/` and `static/`: what is a page, what is copied beside the pages, what is
/// refused (with the problems). Reads nothing but folders, and drawings to check them.
pub fn scan(root: &Path) -> Scan {
    let mut diags = Diagnostics::new();
    let content_dir = root.join("content");
    let mut pages: Vec<Found> = Vec::new();
    let mut content_files = Vec::new();
    let has_content = content_dir.is_dir();
    if has_content {
        files::walk(root, &content_dir, &mut diags, |mut f| {
            if files::extension(&f.rel) == "md" {
                // `Sida.MD` is the page `Sida.md`: a draft saved so is still a draft.
                f.rel.truncate(f.rel.len() - 3);
                f.rel.push_str(".md");
                pages.push(f);
            } else {
                content_files.push(PlainFile {
                    rel: f.rel,
                    abs: f.abs,
                    stamp: f.stamp,
                });
            }
        });
        beside::check(root, &content_files, &mut diags);
    } else {
        diags.push(
            Diagnostic::new("content", 0, "mappen content/ finns inte")
                .hint("skapa content/_index.md (startsidan), eller kör insyn i webbplatsens mapp med --root"),
        );
    }
    let mut static_files = Vec::new();
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        files::walk(root, &static_dir, &mut diags, |f| {
            static_files.push(PlainFile {
                rel: f.rel,
                abs: f.abs,
                stamp: f.stamp,
            })
        });
    }
    // Names that differ only in how they were saved (NFD, the extension's case) are one page.
    let mut seen: BTreeMap<String, PathBuf> = BTreeMap::new();
    pages.retain(|f| match seen.get(&f.rel) {
        Some(first) => {
            let shown = |p: &Path| crate::diagnostics::display_path(root, p);
            diags.push(
                Diagnostic::new(
                    shown(&f.abs),
                    0,
                    format!(
                        "{} och {} blir samma sida",
                        shown(first).display(),
                        shown(&f.abs).display()
                    ),
                )
                .hint("ta bort eller byt namn på den ena filen"),
            );
            false
        }
        None => {
            seen.insert(f.rel.clone(), f.abs.clone());
            true
        }
    });
    Scan {
        pages,
        content_files,
        static_files,
        has_content,
        problems: diags.sorted(),
    }
}

/// Read the site at `root`. Problems in single files are collected and returned beside what
/// could be read, so that later stages can report theirs in the same run; only a missing or
/// broken configuration or theme stops here.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<(Source, Diagnostics), Diagnostics> {
    let scan = scan(root);
    let config = config(root, base_url);
    let theme = config.as_ref().ok().map(|c| ThemeFiles::load(root, &c.theme));
    let read: Vec<ReadDocument> = scan.pages.par_iter().map(|f| read_document(root, f)).collect();
    assemble(root, config, theme, scan, read)
}

/// `site.toml`, with the site's glossary (`begrepp.yaml` over Insyn's standard set).
pub fn config(root: &Path, base_url: Option<&str>) -> Result<SiteConfig, Diagnostics> {
    let config = SiteConfig::load(root, base_url);
    let glossary = glossary::load(root);
    match (config, glossary) {
        (Ok(mut c), Ok(g)) => {
            c.glossary = g;
            Ok(c)
        }
        (c, g) => {
            let mut d = Diagnostics::new();
            if let Err(e) = c {
                d.push(e);
            }
            if let Err(es) = g {
                d.extend(es);
            }
            Err(d)
        }
    }
}

/// Put what was read together: the source, and the problems of single files; or, when the
/// configuration, the theme or `content/` is missing or broken, all problems.
pub fn assemble(
    root: &Path,
    config: Result<SiteConfig, Diagnostics>,
    theme: Option<Result<ThemeFiles, Diagnostics>>,
    scan: Scan,
    read: Vec<ReadDocument>,
) -> Result<(Source, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    scan.problems.into_iter().for_each(|d| diags.push(d));
    let mut documents = Vec::with_capacity(read.len());
    let mut unreadable = Vec::new();
    for (r, f) in read.into_iter().zip(&scan.pages) {
        match r {
            Ok((d, ds)) => {
                documents.push(d);
                ds.into_iter().for_each(|d| diags.push(d));
            }
            Err(ds) => {
                unreadable.push(f.rel.clone());
                ds.into_iter().for_each(|d| diags.push(d));
            }
        }
    }
    let config = config.map_err(|d| diags.extend(d)).ok();
    if let Some(c) = &config {
        for d in &documents {
            placeholder_problems(d, c).into_iter().for_each(|p| diags.push(p));
        }
    }
    let theme = match theme {
        Some(Ok(t)) => Some(t),
        Some(Err(ds)) => {
            diags.extend(ds);
            None
        }
        None => None,
    };
    match (config, theme) {
        (Some(config), Some(theme)) if scan.has_content => Ok((
            Source {
                root: root.to_path_buf(),
                config,
                documents,
                content_files: scan.content_files,
                static_files: scan.static_files,
                theme,
                unreadable,
            },
            diags,
        )),
        _ => Err(diags),
    }
}

/// Read text the way editors' tools write it: UTF-8, maybe with a BOM, maybe with CRLF; only
/// from the file the walk checked.
pub fn read_text(found: &Found, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = files::read_found(&found.abs, &found.stamp)
        .map_err(|e| Diagnostic::new(shown, 0, format!("kan inte läsas: {e}")))?;
    decode_text(bytes, shown)
}

/// Placeholder addresses in a report's facts: refused, unless the document is a draft or the
/// site says it is a demonstration (`demo = true`).
pub fn placeholder_problems(doc: &Document, config: &SiteConfig) -> Vec<Diagnostic> {
    if config.demo || doc.front.draft {
        return Vec::new();
    }
    doc.front.placeholders.clone()
}

/// A content file read, with its problems; `Err` when it is not text.
pub type ReadDocument = Result<(Document, Vec<Diagnostic>), Vec<Diagnostic>>;

/// Read one content file (found by [`scan`]). A file that is text is always read, with its
/// problems beside it: when its front matter is broken, its body is still read (with the
/// file's name as a stand-in title), so that one run reports the problems of its blocks and
/// links too. Only a file that is not text is `Err`.
pub fn read_document(root: &Path, found: &Found) -> ReadDocument {
    let shown = crate::diagnostics::display_path(root, &found.abs);
    let rel = found.rel.as_str();
    let text = read_text(found, &shown).map_err(|d| vec![d])?;
    let mut diags = Vec::new();
    let (front, body_first_line, body) = match front_matter::parse(&shown, &text) {
        Ok(parts) => parts,
        Err(d) => {
            diags.push(d);
            let stem = rel
                .rsplit('/')
                .next()
                .unwrap_or(rel)
                .trim_end_matches(".md")
                .to_string();
            let front = FrontMatter::stand_in(stem);
            match front_matter::split(&text) {
                Some(s) => (front, s.body_first_line, s.body),
                None => (front, 1, ""),
            }
        }
    };
    let blocks = blocks::find_blocks_in(Some(root), &shown, body, body_first_line, &mut diags);
    Ok((
        Document {
            rel: rel.to_string(),
            file: shown,
            front,
            body: body.to_string(),
            body_first_line,
            blocks,
            text_left: None,
        },
        diags,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_and_bom_are_normalised() {
        let t = decode_text(
            b"\xef\xbb\xbf---\r\ntitle: A\r\n---\r\nHej\r\n".to_vec(),
            Path::new("a.md"),
        )
        .unwrap();
        assert_eq!(t, "---\ntitle: A\n---\nHej\n");
        let twice = decode_text(b"\xef\xbb\xbf\xef\xbb\xbf---\n".to_vec(), Path::new("a.md")).unwrap();
        assert_eq!(twice, "---\n");
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let d = decode_text(b"---\ntitle: \xe5\n".to_vec(), Path::new("a.md")).unwrap_err();
        assert_eq!((d.line, d.column), (2, 8));
        assert_eq!(d.message, "filen är inte sparad som UTF-8");
    }
}
