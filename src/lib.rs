//! Insyn: a static site generator for the reports of Swedish regions and municipalities.
//!
//! The build is one direction of flow: load → model → render → write.

pub mod config;
pub mod diagnostics;
pub mod load;
pub mod model;
pub mod render;
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
}

/// What a successful build did.
#[derive(Debug, Clone)]
pub struct Summary {
    pub pages: usize,
    pub sections: usize,
    pub files: usize,
    pub millis: u128,
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
    let (source, mut problems) = load::load(&opts.root, opts.base_url.as_deref())?;
    let (site, model_problems) = model::build(source, model::ModelOptions { drafts: opts.drafts });
    problems.extend(model_problems);
    let rendered = match render::render(&site) {
        Ok(r) => r,
        Err(d) => {
            problems.extend(d);
            return Err(problems);
        }
    };
    problems.into_result(())?;
    let (pages, sections) = (rendered.pages, rendered.sections);
    let plan = write::plan(&site, rendered, opts.compress)?;
    let files = match &opts.output {
        Some(out) => write::write(&plan, out)?,
        None => plan.files.len() + plan.copies.len(),
    };
    Ok(Summary {
        pages,
        sections,
        files,
        millis: start.elapsed().as_millis(),
    })
}

/// The default output directory of a site.
pub fn default_output(root: &Path) -> PathBuf {
    root.join("public")
}
