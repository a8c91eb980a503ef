//! Time each stage of a build: `cargo run --release --example phases -- SITE_ROOT`.
use std::time::Instant;

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
    {
        use rayon::prelude::*;
        let pages: Vec<_> = order.par_iter().map(|id| renderer.page(*id).is_ok()).collect();
        assert!(pages.iter().all(|ok| *ok), "every page renders");
    }
    let t_render = t.elapsed();
    // The whole pipeline again (load to the link check), as a build runs it.
    let t = Instant::now();
    let plan = insyn::pipeline::run(
        &insyn::pipeline::Options {
            root: root.clone(),
            base_url: None,
            drafts: false,
            compress: false,
        },
        &mut insyn::pipeline::Memo::once(),
        &insyn::pipeline::Changed::Anything,
        None,
    )
    .map_err(|d| d.to_string())
    .expect("pipeline")
    .plan;
    let t_plan = t.elapsed();
    let out = std::env::var("PHASES_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| std::env::temp_dir().join("phases-out"));
    let _ = std::fs::remove_dir_all(&out);
    let t = Instant::now();
    insyn::write::write(&plan, &out).expect("write");
    let t_write = t.elapsed();
    println!("load {t_load:?}, model {t_model:?}, render {t_render:?}, whole pipeline {t_plan:?}, write {t_write:?}");
}
