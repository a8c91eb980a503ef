//! How long `insyn serve` takes to rebuild after a one-file edit on a large site:
//! `cargo bench --bench serve_edit [-- PAGES]` (default 10,000; the corpus comes from
//! ../shared/bench/gen_corpus.py). Target: under 100 ms per edit. The watcher adds an 8 ms
//! settle time and the browser's reload on top of what is measured here.

use insyn::serve::session::Session;
use std::path::PathBuf;
use std::process::Command;
use std::time::Instant;

fn main() {
    let pages: usize = std::env::args().skip(1).find_map(|a| a.parse().ok()).unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("insyn-serve-bench-{pages}"));
    let site = dir.join("site");
    if !site.join("site.toml").exists() {
        let generator = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/gen_corpus.py");
        let ok = Command::new("python3")
            .arg(generator)
            .arg(pages.to_string())
            .arg(&dir)
            .arg("--tables")
            .status()
            .map(|s| s.success());
        assert!(
            matches!(ok, Ok(true)),
            "could not generate the corpus (needs python3 and ../shared/bench)"
        );
    }
    let start = Instant::now();
    let mut session = Session::new(&site, "http://127.0.0.1:1111/", false);
    assert!(session.problems.is_empty(), "{:?}", session.problems.first());
    println!(
        "first build in memory: {} ms ({} files)",
        start.elapsed().as_millis(),
        session.files.len()
    );
    let page = site.join("content/regionkontoret/2025-arsredovisning/01-avsnitt.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let mut times = Vec::new();
    for i in 0..20 {
        std::fs::write(&page, format!("{original}\nRedigering nummer {i}.\n")).unwrap();
        let t = Instant::now();
        let r = session.change(std::slice::from_ref(&page));
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(
            session.problems.is_empty() && !r.full,
            "an edit of the body re-renders only what it affects"
        );
        let html = session
            .files
            .get("regionkontoret/2025-arsredovisning/01-avsnitt/index.html")
            .unwrap();
        assert!(String::from_utf8_lossy(html.bytes()).contains(&format!("Redigering nummer {i}.")));
    }
    std::fs::write(&page, original).unwrap();
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "one-file edit on {pages} pages: median {:.1} ms, worst {:.1} ms (20 edits)",
        times[times.len() / 2],
        times[times.len() - 1]
    );
}
