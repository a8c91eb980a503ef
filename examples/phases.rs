//! Time each stage of a build, then the build itself:
//! `cargo run --release --example phases -- SITE_ROOT`. For the corpus of the performance
//! table: `python3 bench/corpus.py 10000 /dev/shm/korpus --blocks`, then the example with
//! `/dev/shm/korpus/site`. The stages run one after another here; in a build, pages are
//! written as they are rendered. The output goes to `PHASES_OUT` (default: a folder in the
//! temporary directory).
use rayon::prelude::*;
use std::time::Instant;

/// The most memory the process has held so far (Linux), in MiB.
fn peak_mib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{} MiB", kb / 1024))
        })
        .unwrap_or_else(|| "?".into())
}

fn main() {
    let root = std::path::PathBuf::from(std::env::args().nth(1).expect("site root"));
    let t = Instant::now();
    let (source, _) = insyn::load::load(&root, None).expect("load");
    let t_load = t.elapsed();
    let t = Instant::now();
    let (site, _) = insyn::model::build(source, insyn::model::ModelOptions::default());
    let t_model = t.elapsed();
    let t = Instant::now();
    let renderer = insyn::render::Renderer::new(&site)
        .map_err(|d| d.to_string())
        .expect("templates");
    let mut diags = insyn::diagnostics::Diagnostics::new();
    let order = renderer.pages(&mut diags);
    let docs: Vec<insyn::render::SearchDoc> = order
        .par_iter()
        .map(|id| renderer.page(*id).map(|(_, doc)| doc).expect("every page renders"))
        .collect();
    let t_render = t.elapsed();
    let t = Instant::now();
    let data = insyn::render::data::render(&site, &|f| f.bytes.len()).expect("data files");
    let t_data = t.elapsed();
    let t = Instant::now();
    let index = insyn::render::search::index(&docs);
    let t_search = t.elapsed();
    let stages_peak = peak_mib();
    drop((docs, data, index, renderer));
    drop(site);
    let out = std::env::var("PHASES_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join("phases-out"));
    let t = Instant::now();
    let summary = insyn::build(&insyn::BuildOptions {
        root: root.clone(),
        output: Some(out),
        base_url: None,
        drafts: false,
        compress: false,
        progress: false,
    })
    .map_err(|d| d.render())
    .expect("build");
    let t_build = t.elapsed();
    println!(
        "load {t_load:.2?}, model {t_model:.2?}, pages {t_render:.2?} ({} pages and sections), data files {t_data:.2?}, \
         search index {t_search:.2?} (peak {stages_peak}); the whole build, writing as it renders: {t_build:.2?} \
         ({} files)",
        order.len(),
        summary.files
    );
}
