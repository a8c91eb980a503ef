//! The preview's build, kept in memory between edits. Each rebuild is the build itself
//! ([`crate::pipeline::run`]), with the memo of the last run so that only what changed is
//! done again; files copied as they are stay in memory while their stamp is the same.
//! When a rebuild brings problems, the last good build stays served and the problems are kept
//! for the browser overlay and the terminal.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::Stamp;
use crate::pipeline::{self, Changed, Memo};
use crate::render::OutputFile;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A file of the site in memory: made by the build, or copied from the site's folder.
#[derive(Debug, Clone)]
pub enum Body {
    Made(Arc<OutputFile>),
    Copied(Arc<Vec<u8>>),
}

impl Body {
    pub fn bytes(&self) -> &[u8] {
        match self {
            Body::Made(f) => &f.bytes,
            Body::Copied(b) => b,
        }
    }
}

/// What is served: path inside the site (`a/b/index.html`) → bytes.
pub type Files = HashMap<String, Body>;

pub struct Session {
    opts: pipeline::Options,
    memo: Memo,
    /// Copied files in memory, by where they are read from.
    copies: HashMap<PathBuf, (Stamp, Arc<Vec<u8>>)>,
    /// The last good build.
    pub files: Arc<Files>,
    /// Problems of the newest attempt; empty when it succeeded.
    pub problems: Vec<Diagnostic>,
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuilt {
    /// Pages and sections rendered.
    pub pages: usize,
    /// Whether the model was built anew (not only page texts changed).
    pub full: bool,
}

impl Session {
    /// Build the site at `root` (made absolute, as the watcher reports paths).
    pub fn new(root: &Path, base_url: &str, drafts: bool) -> Session {
        let root = crate::load::files::canonical_root(root);
        let mut s = Session {
            opts: pipeline::Options {
                root,
                base_url: Some(base_url.to_string()),
                drafts,
                compress: false,
            },
            memo: Memo::keep(),
            copies: HashMap::new(),
            files: Arc::new(HashMap::new()),
            problems: Vec::new(),
        };
        s.run(&Changed::Anything);
        s
    }

    /// The site's folder as the session reads it.
    pub fn root(&self) -> &Path {
        &self.opts.root
    }

    /// Bring the build up to date after changes to `paths` (a path that is not a file below
    /// the root, such as the root itself, means that anything may have changed).
    pub fn change(&mut self, paths: &[PathBuf]) -> Rebuilt {
        self.run(&Changed::Paths(paths.to_vec()))
    }

    /// Build again, looking at every file.
    pub fn rebuild(&mut self) -> Rebuilt {
        self.run(&Changed::Anything)
    }

    fn run(&mut self, changed: &Changed) -> Rebuilt {
        let built = match pipeline::run(&self.opts, &mut self.memo, changed, None) {
            Ok(b) => b,
            Err(d) => {
                self.problems = d.sorted();
                return Rebuilt { pages: 0, full: true };
            }
        };
        let mut files: Files = HashMap::with_capacity(built.plan.len());
        for f in &built.plan.files {
            files.insert(f.path.clone(), Body::Made(f.clone()));
        }
        let mut problems = Diagnostics::new();
        let mut copies = HashMap::with_capacity(built.plan.copies.len());
        for c in &built.plan.copies {
            let bytes = match self.copies.remove(&c.from) {
                Some((stamp, b)) if stamp == c.stamp => Ok(b),
                _ => c.read().map(Arc::new),
            };
            match bytes {
                Ok(b) => {
                    files.insert(c.to.clone(), Body::Copied(b.clone()));
                    copies.insert(c.from.clone(), (c.stamp, b));
                }
                Err(d) => problems.push(d),
            }
        }
        self.copies = copies;
        let rebuilt = Rebuilt {
            pages: built.rendered,
            full: !built.kept_model,
        };
        if problems.is_empty() {
            self.files = Arc::new(files);
            self.problems.clear();
        } else {
            self.problems = problems.sorted();
        }
        rebuilt
    }
}
