//! Write: the rendered site (pages, data files, feeds) and copied files go into a staging
//! directory beside the output, which replaces the output only when everything succeeded.
//! A failed or interrupted build leaves the previous output exactly as it was.

pub mod compress;
pub mod links;
mod output;
pub mod paths;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::{PlainFile, Stamp};
use crate::render::OutputFile;
use rayon::prelude::*;
use std::collections::{BTreeSet, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

pub use output::{Staging, Written, marker, write};

/// A file copied as it is into the output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedFile {
    /// Path in the output.
    pub to: String,
    pub from: PathBuf,
    /// The file that was checked: only its bytes are copied.
    pub stamp: Stamp,
    /// The file as messages name it (`content/a/bild.png`).
    pub shown: PathBuf,
}

impl CopiedFile {
    pub fn new(to: &str, f: &PlainFile, shown: PathBuf) -> CopiedFile {
        CopiedFile {
            to: to.to_string(),
            from: f.abs.clone(),
            stamp: f.stamp,
            shown,
        }
    }

    /// The bytes of the file that was checked (never of a file put in its place).
    pub fn read(&self) -> Result<Vec<u8>, Diagnostic> {
        crate::load::files::read_found(&self.from, &self.stamp)
            .map_err(|e| Diagnostic::new(&self.shown, 0, format!("kan inte kopieras: {e}")))
    }
}

/// Everything that goes into the output: in memory, written already, or files to copy.
pub struct Plan {
    pub files: Vec<Arc<OutputFile>>,
    /// Files written as they were made (into a [`Staging`] folder, or nowhere for a check).
    pub streamed: Vec<Record>,
    pub copies: Vec<CopiedFile>,
}

/// What is kept of a file that was written as it was made: its path, whether compressed
/// companions were made beside it, and what its links lead to.
#[derive(Debug, Clone)]
pub struct Record {
    pub path: String,
    pub companions: bool,
    pub links: Option<links::Scan>,
}

/// A rendered file where it went.
#[derive(Debug, Clone)]
pub enum Placed {
    Kept(Arc<OutputFile>),
    Streamed(Record),
}

/// Where rendered files go as they are made: kept in memory (a preview), written into the
/// staging folder (a build), or only read for their links (a check).
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    Memory,
    Stage(&'a Staging),
    Discard,
}

impl Sink<'_> {
    /// Put one file where it goes. With `compress`, `.gz` and `.br` companions of a text
    /// file are written beside it (in memory they are made by [`Plan::compressed`]).
    pub fn put(&self, file: OutputFile, compress: bool, base_path: &str, refs: &links::Refs) -> Placed {
        let companions = compress && compress::worth(&file.path, file.bytes.len());
        let stage = match self {
            Sink::Memory => return Placed::Kept(Arc::new(file)),
            Sink::Stage(stage) => Some(stage),
            Sink::Discard => None,
        };
        let links = links::Scan::of(&file.path, &file.bytes, base_path, refs);
        if let Some(stage) = stage {
            stage.put(&file.path, &file.bytes);
            if companions {
                for c in compress::companions_of(&file) {
                    stage.put(&c.path, &c.bytes);
                }
            }
        }
        Placed::Streamed(Record {
            path: file.path,
            companions,
            links,
        })
    }
}

/// Check the output's paths: safe, each written once, no file where a folder must be. `origin` names the page an output path comes from, for messages.
pub fn plan(
    placed: Vec<Placed>,
    copies: Vec<CopiedFile>,
    origin: &dyn Fn(&str) -> Option<PathBuf>,
) -> Result<Plan, Diagnostics> {
    let mut files = Vec::new();
    let mut streamed = Vec::new();
    for p in placed {
        match p {
            Placed::Kept(f) => files.push(f),
            Placed::Streamed(r) => streamed.push(r),
        }
    }
    let mut diags = Diagnostics::new();
    let name = |p: &str| -> String {
        copies
            .iter()
            .find(|c| c.to == p)
            .map(|c| c.shown.clone())
            .or_else(|| origin(p))
            .map(|f| f.display().to_string())
            .unwrap_or_else(|| format!("public/{p}"))
    };
    let all = || {
        files
            .iter()
            .map(|f| f.path.as_str())
            .chain(streamed.iter().map(|r| r.path.as_str()))
            .chain(copies.iter().map(|c| c.to.as_str()))
    };
    // Each path is judged on every core (a portal writes 400,000 files); the set of keys is
    // filled in the paths' order, so the same file is named twice the same way every time.
    let every: Vec<&str> = all().collect();
    let judged: Vec<(bool, u64)> = every.par_iter().map(|p| (safe_relative(p), paths::key(p))).collect();
    let mut seen = paths::KeySet::with_capacity_and_hasher(every.len(), Default::default());
    let mut again = Vec::new();
    for (&p, (safe, key)) in every.iter().zip(judged) {
        if !safe {
            diags.push(
                Diagnostic::new(name(p), 0, format!("utdatafilens sökväg \"{p}\" är inte säker"))
                    .hint("byt namn på filen"),
            );
        } else if !seen.insert(key) {
            again.push(p);
        }
    }
    // The same key: most likely the same name, but the names decide.
    if !again.is_empty() {
        let keys: HashSet<u64> = again.iter().map(|p| paths::key(p)).collect();
        let mut names: HashSet<&str> = HashSet::new();
        for p in all().filter(|p| keys.contains(&paths::key(p))) {
            if !names.insert(p) {
                diags.push(
                    Diagnostic::new(name(p), 0, format!("två filer ska skrivas till {p}"))
                        .hint("en fil i static/ eller bredvid en sida har samma namn som en sida eller en genererad fil; byt namn på den"),
                );
            }
        }
    }
    // A file where another file's folder must be (`static/x` and the page `x/`).
    let exact: std::sync::OnceLock<HashSet<&str>> = std::sync::OnceLock::new();
    let clashes: BTreeSet<(String, String)> = every
        .par_iter()
        .flat_map_iter(|&p| {
            let mut found = Vec::new();
            let mut at = 0;
            while let Some(i) = p[at..].find('/') {
                let dir = &p[..at + i];
                if seen.contains(&paths::key(dir))
                    && exact.get_or_init(|| every.iter().copied().collect()).contains(dir)
                {
                    found.push((dir.to_string(), p.to_string()));
                }
                at += i + 1;
            }
            found
        })
        .collect::<Vec<_>>()
        .into_iter()
        .collect();
    let mut named = BTreeSet::new();
    for (file, inside) in clashes {
        if named.insert(file.clone()) {
            diags.push(
                Diagnostic::new(
                    name(&file),
                    0,
                    format!(
                        "{} ska skrivas till {file}, där {} behöver en mapp ({inside})",
                        name(&file),
                        name(&inside)
                    ),
                )
                .hint("byt namn på den ena filen"),
            );
        }
    }
    diags.into_result(())?;
    Ok(Plan {
        files,
        streamed,
        copies,
    })
}

impl Plan {
    /// The plan with `.gz` and `.br` beside every text file worth compressing.
    pub fn compressed(mut self) -> Plan {
        let extra = compress::companions(&self.files);
        self.files.extend(extra.into_iter().map(Arc::new));
        self
    }

    /// How many files the plan writes.
    pub fn len(&self) -> usize {
        self.files.len()
            + self
                .streamed
                .iter()
                .map(|r| if r.companions { 3 } else { 1 })
                .sum::<usize>()
            + self.copies.len()
    }

    /// The path of every file the plan writes.
    pub fn paths(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        let companions = self
            .streamed
            .iter()
            .filter(|r| r.companions)
            .flat_map(|r| [".gz", ".br"].map(|e| (r, e)));
        self.files
            .iter()
            .map(|f| std::borrow::Cow::Borrowed(f.path.as_str()))
            .chain(
                self.streamed
                    .iter()
                    .map(|r| std::borrow::Cow::Borrowed(r.path.as_str())),
            )
            .chain(companions.map(|(r, e)| std::borrow::Cow::Owned(format!("{}{e}", r.path))))
            .chain(self.copies.iter().map(|c| std::borrow::Cow::Borrowed(c.to.as_str())))
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

pub(crate) fn safe_relative(p: &str) -> bool {
    !p.is_empty()
        && !p.starts_with('/')
        && !p.contains('\\')
        && p.split('/')
            .all(|s| !s.is_empty() && s != "." && s != ".." && !crate::policy::windows_reserved(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned(paths: &[&str]) -> Result<Plan, Diagnostics> {
        let placed = paths
            .iter()
            .map(|p| {
                Placed::Kept(Arc::new(OutputFile {
                    path: p.to_string(),
                    bytes: Vec::new(),
                }))
            })
            .collect();
        plan(placed, Vec::new(), &|p| Some(PathBuf::from(format!("content/{p}.md"))))
    }

    fn problems(paths: &[&str]) -> Vec<String> {
        match planned(paths) {
            Ok(_) => Vec::new(),
            Err(d) => d.sorted().iter().map(|d| d.to_string()).collect(),
        }
    }

    #[test]
    fn the_plan_names_unsafe_paths_twice_written_files_and_files_in_the_way_of_folders() {
        assert!(problems(&["index.html", "a/index.html", "a/b/data.csv"]).is_empty());
        let p = problems(&["index.html", "../x", "a/index.html"]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("\"../x\" är inte säker"), "{p:?}");
        let p = problems(&["a/index.html", "b/x.csv", "a/index.html"]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("två filer ska skrivas till a/index.html"), "{p:?}");
        // A file where a folder must be, said once for the file however many need the folder.
        let p = problems(&["x", "x/index.html", "x/y/data.csv", "z/index.html"]);
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].contains("ska skrivas till x, där"), "{p:?}");
        assert!(p[0].contains("behöver en mapp"), "{p:?}");
        // Many paths: the same answer, whatever the order the cores judged them in.
        let many: Vec<String> = (0..5000).map(|i| format!("r{i}/index.html")).collect();
        let mut with_clash: Vec<&str> = many.iter().map(String::as_str).collect();
        with_clash.push("r4999");
        with_clash.push("r17/index.html");
        let first = problems(&with_clash);
        assert_eq!(first.len(), 2, "{first:?}");
        for _ in 0..5 {
            assert_eq!(problems(&with_clash), first);
        }
    }

    #[test]
    fn relative_paths_only() {
        assert!(safe_relative("a/b/index.html"));
        assert!(!safe_relative("../x"));
        assert!(!safe_relative("/etc/passwd"));
        assert!(!safe_relative("a//b"));
    }
}
