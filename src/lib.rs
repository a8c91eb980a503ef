//! Insyn: a static site generator for the reports of Swedish regions and municipalities.
//!
//! The build is one direction of flow: load → model → render → write.

pub mod config;
pub mod diagnostics;
pub mod glossary;
pub mod import;
pub mod load;
pub mod messages;
pub mod model;
pub mod pipeline;
pub mod policy;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod urls;
pub mod wcag;
pub mod write;

use diagnostics::Diagnostics;
use std::path::{Path, PathBuf};
use std::time::Instant;

/// What `insyn build` and `insyn check` are asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Where the site goes; `None` for a check that writes nothing.
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Also write `.gz` and `.br` files for hosts that serve precompressed files.
    pub compress: bool,
    /// Show how far rendering has come (on a terminal; never in CI logs).
    pub progress: bool,
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub millis: u128,
    /// What could not be cleaned up after a build that succeeded.
    pub warnings: Vec<String>,
}

impl Summary {
    pub fn line(&self, wrote: bool) -> String {
        let secs = self.millis as f64 / 1000.0;
        let verb = if wrote { "skrev" } else { "kontrollerade" };
        format!(
            "{} sidor, {} avsnitt, {verb} {} filer på {:.2} s",
            self.pages, self.sections, self.files, secs
        )
        .replace('.', ",")
    }
}

/// Build the site: every problem in the input is collected and returned together.
pub fn build(opts: &BuildOptions) -> Result<Summary, Diagnostics> {
    let start = Instant::now();
    if let Some(out) = &opts.output {
        check_output_place(&opts.root, out)?;
    }
    // Pages are written into the staging folder as they are rendered; it replaces the output
    // only when the whole build succeeded (dropped, it is removed).
    let staging = match &opts.output {
        Some(out) => Some(write::Staging::open(out)?),
        None => None,
    };
    let sink = match &staging {
        Some(s) => write::Sink::Stage(s),
        None => write::Sink::Discard,
    };
    let progress = opts.progress.then(Progress::start);
    let built = pipeline::run_into(
        &pipeline::Options {
            root: opts.root.clone(),
            base_url: opts.base_url.clone(),
            drafts: opts.drafts,
            compress: opts.compress,
        },
        &mut pipeline::Memo::once(),
        &pipeline::Changed::Anything,
        progress.as_ref().map(|p| &*p.done),
        sink,
    );
    drop(progress);
    let built = built?;
    let (files, warnings) = match staging {
        Some(staging) => {
            let w = staging.finish(&built.plan)?;
            (w.files, w.warnings)
        }
        None => (built.plan.len(), Vec::new()),
    };
    Ok(Summary {
        pages: built.pages,
        sections: built.sections,
        files,
        millis: start.elapsed().as_millis(),
        warnings,
    })
}

/// A line on the terminal that shows how many pages are rendered, for long builds.
struct Progress {
    done: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Progress {
    fn start() -> Progress {
        use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
        let done = std::sync::Arc::new(AtomicUsize::new(0));
        let stop = std::sync::Arc::new(AtomicBool::new(false));
        let (d, s) = (done.clone(), stop.clone());
        let thread = std::thread::spawn(move || {
            let mut shown = false;
            // Short builds finish before the first line would appear.
            for _ in 0..5 {
                std::thread::sleep(std::time::Duration::from_millis(100));
                if s.load(Ordering::Relaxed) {
                    return;
                }
            }
            while !s.load(Ordering::Relaxed) {
                eprint!("\rBygger … {} sidor klara", d.load(Ordering::Relaxed));
                shown = true;
                std::thread::sleep(std::time::Duration::from_millis(200));
            }
            if shown {
                eprint!("\r{}\r", " ".repeat(40));
            }
        });
        Progress {
            done,
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// The output must not lie where the next build would read it as input.
fn check_output_place(root: &Path, output: &Path) -> Result<(), diagnostics::Diagnostic> {
    let abs = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(p)
        }
    };
    let canonical = |p: PathBuf| {
        // The output may not exist yet: resolve the nearest existing ancestor.
        let mut base = p.clone();
        let mut rest = Vec::new();
        while !base.exists() {
            match (base.file_name().map(|n| n.to_os_string()), base.parent()) {
                (Some(n), Some(parent)) => {
                    rest.push(n);
                    base = parent.to_path_buf();
                }
                _ => break,
            }
        }
        let mut c = base.canonicalize().unwrap_or(base);
        c.extend(rest.into_iter().rev());
        c
    };
    let root = canonical(abs(root));
    let out = canonical(abs(output));
    for input in ["content", "static", "templates", "themes"] {
        // Where the folder really is: `content/` may be a link to a folder elsewhere in the site.
        if out.starts_with(canonical(root.join(input))) {
            return Err(diagnostics::Diagnostic::new(
                output,
                0,
                format!("utdatamappen ligger i {input}/, som bygget läser"),
            )
            .hint("välj en utdatamapp utanför content/, static/, templates/ och themes/, till exempel public/"));
        }
    }
    if root.starts_with(&out) {
        return Err(diagnostics::Diagnostic::new(
            output,
            0,
            "utdatamappen är webbplatsens mapp eller en mapp ovanför den",
        )
        .hint("välj en egen utdatamapp, till exempel public/"));
    }
    Ok(())
}

/// The default output directory of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
