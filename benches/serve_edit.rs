//! How long `insyn serve` takes to rebuild after a one-file edit on a large site:
//! `cargo bench --bench serve_edit [-- PAGES]` (default 10,000; the corpus comes from
//! `../shared/bench/gen_corpus.py`). Target: under 100 ms for an edit of a page's text. The
//! watcher's settle time (50 ms) and the browser's reload come on top of what is measured here.
//!
//! Three kinds of edit: a page's text (only that page is rendered again), a page's title
//! (front matter: everything is built again from the files already read) and a page that is
//! added (the folders are walked again too). Every rebuild is the build's own pipeline; that
//! the result equals a full build is tested in `tests/it/serve_oracle.rs`.

use insyn::serve::session::Session;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn corpus(pages: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("insyn-serve-bench-{pages}"));
    let site = dir.join("site");
    if !site.join("site.toml").exists() {
        let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let generator = ["../shared/bench/gen_corpus.py", "../../shared/bench/gen_corpus.py"]
            .iter()
            .map(|p| here.join(p))
            .find(|p| p.exists())
            .expect("the corpus generator ../shared/bench/gen_corpus.py");
        let ok = Command::new("python3")
            .arg(generator)
            .arg(pages.to_string())
            .arg(&dir)
            .arg("--tables")
            .status()
            .map(|s| s.success());
        assert!(matches!(ok, Ok(true)), "could not generate the corpus (needs python3)");
    }
    site
}

fn median(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[times.len() / 2], times[times.len() - 1])
}

/// Time `n` edits made by `edit(i)`, each followed by the rebuild of `touched`.
fn time_edits(session: &mut Session, n: usize, touched: &Path, mut edit: impl FnMut(usize)) -> (f64, f64) {
    let mut times = Vec::new();
    for i in 0..n {
        edit(i);
        let t = Instant::now();
        session.change(&[touched.to_path_buf()]);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(session.problems.is_empty(), "{:?}", session.problems.first());
    }
    median(times)
}

fn main() {
    let pages: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let site = corpus(pages);
    let start = Instant::now();
    let mut session = Session::new(&site, "http://127.0.0.1:1111/", false);
    assert!(session.problems.is_empty(), "{:?}", session.problems.first());
    println!(
        "first build in memory: {} ms ({} files)",
        start.elapsed().as_millis(),
        session.files.len()
    );
    let site = session.root().to_path_buf();
    let page = site.join("content/regionkontoret/2025-arsredovisning/01-avsnitt.md");
    let original = std::fs::read_to_string(&page).unwrap();

    let (med, worst) = time_edits(&mut session, 20, &page, |i| {
        std::fs::write(&page, format!("{original}\nRedigering nummer {i}.\n")).unwrap();
    });
    let html = session
        .files
        .get("regionkontoret/2025-arsredovisning/01-avsnitt/index.html")
        .unwrap();
    assert!(String::from_utf8_lossy(html.bytes()).contains("Redigering nummer 19."));
    println!("text of one page, {pages} pages: median {med:.1} ms, worst {worst:.1} ms (20 edits)");

    let (med, worst) = time_edits(&mut session, 3, &page, |i| {
        let t = original.replacen("title: \"1 Miljö\"", &format!("title: \"1 Miljö {i}\""), 1);
        std::fs::write(&page, t).unwrap();
    });
    println!("title of one page, {pages} pages: median {med:.1} ms, worst {worst:.1} ms (3 edits)");

    let new = site.join("content/regionkontoret/2025-arsredovisning/99-ny.md");
    let (med, worst) = time_edits(&mut session, 3, &new, |i| {
        std::fs::write(&new, format!("---\ntitle: Ny {i}\n---\nText.\n")).unwrap();
    });
    std::fs::remove_file(&new).unwrap();
    std::fs::write(&page, original).unwrap();
    session.rebuild();
    println!("a new page, {pages} pages: median {med:.1} ms, worst {worst:.1} ms (3 edits)");
}
