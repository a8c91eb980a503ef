//! Load: read the site from disk into plain data — configuration, content documents with
//! their front matter and raw report blocks, files beside them, templates and static files.
//! Nothing here knows what a report means; that is the model's job.

pub mod blocks;
pub use crate::policy::{decode_text, script_scheme, windows_reserved};
pub mod front_matter;
pub mod glossary;
pub mod theme;
pub mod yaml;

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::blocks::BlockInput;
use front_matter::FrontMatter;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

pub use theme::{TemplateSource, ThemeFiles};

/// A Markdown file from `content/`.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path below `content/` with `/` separators, e.g. `regionstyrelsen/_index.md`.
    pub rel: String,
    /// Path for messages, relative to the site root, e.g. `content/regionstyrelsen/_index.md`.
    pub file: PathBuf,
    pub front: FrontMatter,
    pub body: String,
    /// File line of the first body line.
    pub body_first_line: usize,
    pub blocks: Vec<BlockInput>,
}

impl Document {
    pub fn is_section(&self) -> bool {
        self.rel == "_index.md" || self.rel.ends_with("/_index.md")
    }
}

/// A file copied as it is: beside a page in `content/`, or from `static/`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PlainFile {
    /// Path below `content/` or `static/`, with `/` separators.
    pub rel: String,
    pub abs: PathBuf,
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

/// Read the site at `root`. Problems in single files are collected and returned beside what
/// could be read, so that later stages can report theirs in the same run; only a missing or
/// broken configuration or theme stops here.
pub fn load(root: &Path, base_url: Option<&str>) -> Result<(Source, Diagnostics), Diagnostics> {
    let mut diags = Diagnostics::new();
    let mut config = match SiteConfig::load(root, base_url) {
        Ok(c) => Some(c),
        Err(d) => {
            diags.push(d);
            None
        }
    };
    match glossary::load(root) {
        Ok(g) => {
            if let Some(c) = &mut config {
                c.glossary = g;
            }
        }
        Err(ds) => diags.extend(ds),
    }
    let content_dir = root.join("content");
    let mut md_paths = Vec::new();
    let mut content_files = Vec::new();
    if content_dir.is_dir() {
        walk(root, &content_dir, &mut diags, |rel, abs| {
            if rel.ends_with(".md") {
                md_paths.push((rel, abs));
            } else {
                content_files.push(PlainFile { rel, abs });
            }
        });
    } else {
        diags.push(
            Diagnostic::new("content", 0, "mappen content/ finns inte")
                .hint("skapa content/_index.md (startsidan), eller kör insyn i webbplatsens mapp med --root"),
        );
    }
    let mut static_files = Vec::new();
    let static_dir = root.join("static");
    if static_dir.is_dir() {
        walk(root, &static_dir, &mut diags, |rel, abs| {
            static_files.push(PlainFile { rel, abs })
        });
    }
    let read: Vec<ReadDocument> = md_paths
        .par_iter()
        .map(|(rel, abs)| read_document(root, rel, abs))
        .collect();
    let mut documents = Vec::with_capacity(read.len());
    let mut unreadable = Vec::new();
    for (r, (rel, _)) in read.into_iter().zip(&md_paths) {
        match r {
            Ok((d, ds)) => {
                documents.push(d);
                ds.into_iter().for_each(|d| diags.push(d));
            }
            Err(ds) => {
                unreadable.push(rel.clone());
                ds.into_iter().for_each(|d| diags.push(d));
            }
        }
    }
    if let Some(c) = &config {
        for d in &documents {
            placeholder_problems(d, c).into_iter().for_each(|p| diags.push(p));
        }
    }
    let theme = match &config {
        Some(c) => match ThemeFiles::load(root, &c.theme) {
            Ok(t) => Some(t),
            Err(ds) => {
                diags.extend(ds);
                None
            }
        },
        None => None,
    };
    match (config, theme) {
        (Some(config), Some(theme)) if content_dir.is_dir() => Ok((
            Source {
                root: root.to_path_buf(),
                config,
                documents,
                content_files,
                static_files,
                theme,
                unreadable,
            },
            diags,
        )),
        _ => Err(diags),
    }
}

/// Walk `dir` in sorted order, skipping hidden files, reporting what may not be read.
fn walk(root: &Path, dir: &Path, diags: &mut Diagnostics, mut found: impl FnMut(String, PathBuf)) {
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // The walk follows `dir` itself when it is a symbolic link, so it must lead inside too.
    if !dir.canonicalize().is_ok_and(|d| d.starts_with(&canonical_root)) {
        diags.push(
            Diagnostic::new(
                crate::diagnostics::display_path(root, dir),
                0,
                "mappen är en symbolisk länk som pekar utanför webbplatsens mapp (eller till ingenting)",
            )
            .hint("kopiera mappen in i webbplatsen i stället för att länka till den"),
        );
        return;
    }
    let walker = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let p = e
                    .path()
                    .map(|p| crate::diagnostics::display_path(root, p))
                    .unwrap_or_default();
                diags.push(Diagnostic::new(p, 0, format!("kan inte läsas: {e}")));
                continue;
            }
        };
        let path = entry.path();
        let shown = crate::diagnostics::display_path(root, path);
        if entry.path_is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_root) && target.is_file() => {}
                Ok(target) if target.starts_with(&canonical_root) => continue,
                _ => {
                    diags.push(
                        Diagnostic::new(
                            shown,
                            0,
                            "symbolisk länk pekar utanför webbplatsens mapp (eller till ingenting)",
                        )
                        .hint("kopiera filen in i webbplatsen i stället för att länka till den"),
                    );
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = path.strip_prefix(dir) else {
            continue;
        };
        let Some(rel) = rel_to_string(rel) else {
            diags.push(Diagnostic::new(shown, 0, "filnamnet är inte giltig UTF-8").hint("byt namn på filen"));
            continue;
        };
        if let Some(problem) = unsafe_name(&rel) {
            diags.push(Diagnostic::new(shown, 0, problem).hint("byt namn på filen eller mappen"));
            continue;
        }
        found(rel, path.to_path_buf());
    }
}

fn rel_to_string(rel: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for c in rel.components() {
        parts.push(c.as_os_str().to_str()?);
    }
    Some(parts.join("/"))
}

/// Names that break on some web hosts or file systems.
fn unsafe_name(rel: &str) -> Option<String> {
    for part in rel.split('/') {
        if windows_reserved(part) {
            return Some(format!(
                "namnet \"{part}\" är reserverat i Windows och kan inte publiceras överallt"
            ));
        }
        if part.ends_with(['.', ' ']) {
            return Some(format!(
                "namnet \"{part}\" slutar med punkt eller mellanslag, vilket Windows inte tillåter"
            ));
        }
        if part.len() > 200 {
            return Some(format!(
                "namnet \"{}…\" är längre än 200 tecken",
                &part[..part.floor_char_boundary(40)]
            ));
        }
        if part.chars().any(|c| c.is_control() || "<>:\"\\|?*".contains(c)) {
            return Some(format!(
                "namnet \"{part}\" innehåller tecken som inte fungerar i webbadresser eller i Windows"
            ));
        }
    }
    None
}

/// Read text the way editors' tools write it: UTF-8, maybe with a BOM, maybe with CRLF.
pub fn read_text(abs: &Path, shown: &Path) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(abs).map_err(|e| Diagnostic::new(shown, 0, format!("kan inte läsas: {e}")))?;
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

/// Read one content file (`rel` below `content/`, at `abs` on disk). A file that is text is
/// always read, with its problems beside it: when its front matter is broken, its body is
/// still read (with the file's name as a stand-in title), so that one run reports the
/// problems of its blocks and links too. Only a file that is not text is `Err`.
pub fn read_document(root: &Path, rel: &str, abs: &Path) -> ReadDocument {
    let shown = crate::diagnostics::display_path(root, abs);
    let text = read_text(abs, &shown).map_err(|d| vec![d])?;
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

    #[test]
    fn reserved_and_odd_names() {
        assert!(unsafe_name("a/CON.md").is_some());
        assert!(unsafe_name("a/b?.md").is_some());
        assert!(unsafe_name("a/lpt1.tar.gz").is_some());
        assert!(unsafe_name("mapp./a.md").is_some());
        assert!(unsafe_name("console.md").is_none());
        assert!(unsafe_name("regionstyrelsen/2023-årsredovisning/_index.md").is_none());
    }
}
