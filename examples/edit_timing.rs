use std::time::Instant;
fn main() {
    let site = std::path::PathBuf::from("/tmp/insyn-serve-bench-10000/site");
    let t = Instant::now();
    let (source, _) = insyn::load::load(&site, None).unwrap();
    println!("load {:?}", t.elapsed());
    let t = Instant::now();
    let s2 = source.clone();
    println!("clone {:?}", t.elapsed());
    let t = Instant::now();
    let (m, _) = insyn::model::build(s2, Default::default());
    println!("model {:?}", t.elapsed());
    let t = Instant::now();
    let r = insyn::render::Renderer::new(&m).map_err(|_| ()).unwrap();
    println!("renderer {:?}", t.elapsed());
    let t = Instant::now();
    let id = m.by_rel["regionkontoret/2025-arsredovisning/01-avsnitt.md"];
    let (_f, _s) = r.page(id).map_err(|_| ()).unwrap();
    println!("page {:?}", t.elapsed());
    let rendered = insyn::render::render(&m).map_err(|_| ()).unwrap();
    let t = Instant::now();
    let idx = insyn::render::search::index(&rendered.search);
    println!("search index {:?} ({} bytes)", t.elapsed(), idx.len());
}
