//! End-to-end: build fixture sites with the real binary and check the files that come out.

use crate::common::*;

#[test]
fn builds_the_report_fixture_under_a_sub_path() {
    let (_tmp, site) = copy_fixture("report");
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(
        run.stdout.starts_with("3 sidor, 5 avsnitt, skrev "),
        "summary line: {}",
        run.stdout
    );
    let out = site.join("public");
    let files = tree(&out);
    for must in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "atom.xml",
        "regionstyrelsen/2023-arsredovisning/ekonomi/index.html",
    ] {
        assert!(files.contains_key(must), "missing {must}");
    }
    // Every internal link and asset is under /insyn/ and points at a file that exists.
    for (path, bytes) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes.clone()).unwrap();
        assert!(html.contains("<html lang=\"sv\">"), "{path}");
        for l in links(&html) {
            if l.starts_with("http") || l.starts_with('#') {
                continue;
            }
            assert!(l.starts_with("/insyn/"), "{path}: {l} is not under the sub-path");
            let target = l.trim_start_matches("/insyn/").split('#').next().unwrap().to_string();
            let target = if target.is_empty() || target.ends_with('/') {
                format!("{target}index.html")
            } else {
                target
            };
            assert!(files.contains_key(&target), "{path}: {l} → {target} does not exist");
        }
    }
    let feed = read(&out.join("atom.xml"));
    assert!(feed.contains("<link href=\"https://example.se/insyn/regionstyrelsen/2023-arsredovisning/\"/>"));
    let sitemap = read(&out.join("sitemap.xml"));
    assert!(sitemap.contains("<loc>https://example.se/insyn/regionstyrelsen/2023-arsredovisning/ekonomi/</loc>"));
    assert!(read(&out.join("robots.txt")).contains("Sitemap: https://example.se/insyn/sitemap.xml"));
}

/// The fixture's plan has an assignment its annual report does not follow up, and the annual
/// report one the plan does not have: each says so, where the other has a link.
#[test]
fn plan_and_outcome_without_a_counterpart_say_so() {
    let (_tmp, site) = copy_fixture("report");
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let out = site.join("public");
    let plan = read(&out.join("regionkontoret/2023-verksamhetsplan/index.html"));
    let outcome = read(&out.join("regionstyrelsen/2023-arsredovisning/uppdrag/index.html"));
    let item = |html: &str, id: &str| -> String {
        let start = format!("<li class=\"assignment\" id=\"uppdrag-{id}\">");
        let rest = &html[html.find(&start).unwrap_or_else(|| panic!("no {id}: {html}"))..];
        rest[..rest.find("</li>").unwrap()].to_string()
    };
    let none = "<p class=\"counterpart none\">";
    let lonely = item(&plan, "nytt-uppdrag");
    assert!(
        lonely.contains(&format!(
            "{none}Uppdraget följs inte upp under samma namn i någon rapport för 2023.</p>"
        )),
        "{lonely}"
    );
    assert!(!lonely.contains("Uppföljning i"), "{lonely}");
    let lonely = item(&outcome, "informationssakerhet");
    assert!(
        lonely.contains(&format!("{none}Uppdraget finns inte i verksamhetsplanen för 2023.</p>")),
        "{lonely}"
    );
    assert!(!lonely.contains("Planerat i"), "{lonely}");
    // The pair that matches links both ways, and neither says it has no counterpart.
    let linked = item(&plan, "digital-orientering");
    assert!(
        linked.contains(
            "Uppföljning i <a href=\"/insyn/regionstyrelsen/2023-arsredovisning/uppdrag/#uppdrag-digital-orientering\">Årsredovisning 2023, Regionstyrelsen<span class=\"visually-hidden\">: Utveckla system för digital orientering och information</span></a>: "
        ) && !linked.contains(none),
        "{linked}"
    );
    let linked = item(&outcome, "digital-orientering");
    assert!(
        linked.contains(
            "Planerat i <a href=\"/insyn/regionkontoret/2023-verksamhetsplan/#uppdrag-digital-orientering\">Verksamhetsplan 2023, Regionkontoret<span class=\"visually-hidden\">: Utveckla system för digital orientering och information</span></a>."
        ) && !linked.contains(none),
        "{linked}"
    );
}

/// Two organisations of one body, each with a plan and an annual report using the same
/// assignment id: each plan is followed up in its own organisation's report only. A plan whose
/// organisation has no report of its own (Regionkontoret) is followed up wherever the body
/// reports on it.
#[test]
fn a_plan_is_followed_up_in_its_own_organisations_report_first() {
    let (_tmp, site) = copy_fixture("report");
    let body = site.join("content/kulturnamnden");
    let report = |dir: &str, typ: &str, status: &str| {
        std::fs::create_dir_all(body.join(dir)).unwrap();
        std::fs::write(
            body.join(dir).join("_index.md"),
            format!(
                "---\ntitle: {typ} 2023\nrapport:\n  typ: {typ}\n  år: 2023\n  organisation: Kulturnämnden\n---\n\
                 ```uppdrag\nuppdrag:\n  - id: digital-orientering\n    titel: Digital orientering i kulturen\n{status}```\n"
            ),
        )
        .unwrap();
    };
    report("2023-verksamhetsplan", "verksamhetsplan", "");
    report("2023-arsredovisning", "årsredovisning", "    status: uppfyllt\n");
    std::fs::write(body.join("_index.md"), "---\ntitle: Kulturnämnden\n---\n").unwrap();
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let out = site.join("public");
    let culture_plan = read(&out.join("kulturnamnden/2023-verksamhetsplan/index.html"));
    assert!(
        culture_plan.contains(
            "Uppföljning i <a href=\"/insyn/kulturnamnden/2023-arsredovisning/#uppdrag-digital-orientering\">"
        ) && !culture_plan.contains("regionstyrelsen/2023-arsredovisning"),
        "{culture_plan}"
    );
    let culture_outcome = read(&out.join("kulturnamnden/2023-arsredovisning/index.html"));
    assert!(
        culture_outcome
            .contains("Planerat i <a href=\"/insyn/kulturnamnden/2023-verksamhetsplan/#uppdrag-digital-orientering\">"),
        "{culture_outcome}"
    );
    // Regionkontoret's plan has no report of its own organisation: the body's reports follow it.
    let office_plan = read(&out.join("regionkontoret/2023-verksamhetsplan/index.html"));
    assert!(
        office_plan.contains("/insyn/regionstyrelsen/2023-arsredovisning/uppdrag/#uppdrag-digital-orientering"),
        "{office_plan}"
    );
}

#[test]
fn base_url_from_the_command_line_moves_every_link() {
    let (_tmp, site) = copy_fixture("report");
    let run = insyn(
        &site,
        &[
            "build",
            "--base-url",
            "https://test.example.se/rapporter/",
            "--output",
            "staging",
        ],
    );
    assert!(run.ok, "{}", run.stderr);
    let html = read(&site.join("staging/regionstyrelsen/index.html"));
    assert!(html.contains("href=\"/rapporter/regionstyrelsen/2023-arsredovisning/\""));
    assert!(!html.contains("/insyn/"), "no trace of the configured base path");
}

#[test]
fn same_input_gives_byte_identical_output() {
    let (_tmp, site) = copy_fixture("report");
    assert!(insyn(&site, &["build", "--output", "a"]).ok);
    assert!(insyn(&site, &["build", "--output", "b"]).ok);
    let (a, b) = (tree(&site.join("a")), tree(&site.join("b")));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        assert!(v == &b[k], "{k} differs between two builds");
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let (_tmp, site) = copy_fixture("report");
    assert!(insyn(&site, &["build"]).ok);
    let before = tree(&site.join("public"));
    let page = site.join("content/regionstyrelsen/2023-arsredovisning/ekonomi.md");
    let text = read(&page).replace("| 8,9", "| 9,9");
    std::fs::write(&page, text).unwrap();
    let run = insyn(&site, &["build"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("stämmer inte"), "{}", run.stderr);
    assert_untouched(&site, &before);
}

/// Pages are written into the staging folder as they are rendered; a problem found only
/// after that (here two files for one path, found when every file is known) still leaves the
/// previous output exactly as it was, and no staging folder behind.
#[test]
fn a_problem_found_after_rendering_leaves_the_previous_output_untouched() {
    let (_tmp, site) = copy_fixture("report");
    assert!(insyn(&site, &["build"]).ok);
    let before = tree(&site.join("public"));
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/index.html"), "<p>en egen startsida</p>").unwrap();
    let run = insyn(&site, &["build"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("två filer ska skrivas till index.html"),
        "{}",
        run.stderr
    );
    assert_untouched(&site, &before);
}

#[test]
fn refuses_to_replace_a_folder_it_did_not_make() {
    let (_tmp, site) = copy_fixture("report");
    std::fs::create_dir_all(site.join("public")).unwrap();
    std::fs::write(site.join("public/viktig.txt"), "inte insyns").unwrap();
    let run = insyn(&site, &["build"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("innehåller annat än en tidigare insyn-byggd webbplats"),
        "{}",
        run.stderr
    );
    assert_eq!(read(&site.join("public/viktig.txt")), "inte insyns");
}

#[test]
fn the_bench_corpus_shape_builds_without_a_theme_folder() {
    let (_tmp, site) = copy_fixture("minimal");
    let run = insyn(&site, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let html = read(&site.join("public/org/2024-rapport/01-avsnitt/index.html"));
    assert!(html.contains("<h1>1 Avsnitt</h1>"));
    assert!(
        html.contains("<pre><code class=\"language-yaml\">"),
        "plain code blocks stay code"
    );
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let (_tmp, site) = copy_fixture("minimal");
    assert!(insyn(&site, &["build"]).ok);
    assert!(!site.join("public/org/utkast/index.html").exists());
    assert!(insyn(&site, &["build", "--drafts"]).ok);
    assert!(site.join("public/org/utkast/index.html").exists());
}

#[test]
fn check_writes_nothing_and_reports_with_exit_code() {
    let (_tmp, site) = copy_fixture("report");
    let run = insyn(&site, &["check"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(!site.join("public").exists());
    let (_tmp2, bad) = copy_fixture("invalid");
    assert!(!insyn(&bad, &["check"]).ok);
}

#[test]
fn help_speaks_to_editors() {
    let run = insyn(std::path::Path::new("."), &["build", "--help"]);
    assert!(run.ok);
    assert!(run.stdout.contains("Bygg webbplatsen"), "{}", run.stdout);
    assert!(run.stdout.contains("--base-url"));
    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["serve", "--help"],
        &["new", "report", "--help"],
        &["new", "site", "--help"],
        &["new", "--help"],
        &["import", "--help"],
    ] {
        let run = insyn(std::path::Path::new("."), args);
        assert!(run.ok, "{args:?}");
        assert!(run.stdout.contains("Användning: insyn"), "{args:?}: {}", run.stdout);
        for english in ["Usage:", "Options:", "Print help", "Commands:"] {
            assert!(!run.stdout.contains(english), "{args:?} says {english:?}");
        }
    }
    let run = insyn(std::path::Path::new("."), &["buld"]);
    assert!(!run.ok);
    assert!(
        run.stderr
            .contains("fel: okänt kommando \"buld\"\n  tips: menade du \"build\"?"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_output_where_the_build_reads_is_refused() {
    let (_tmp, site) = copy_fixture("minimal");
    for (out, message) in [
        ("content/ut", "utdatamappen ligger i content/, som bygget läser"),
        ("static/x", "utdatamappen ligger i static/, som bygget läser"),
        (".", "utdatamappen är webbplatsens mapp eller en mapp ovanför den"),
        ("..", "utdatamappen är webbplatsens mapp eller en mapp ovanför den"),
    ] {
        let run = insyn(&site, &["build", "--output", out]);
        assert!(!run.ok, "{out}");
        assert!(run.stderr.contains(message), "{out}: {}", run.stderr);
    }
    assert!(tree(&site.join("content")).keys().all(|k| !k.starts_with("ut/")));
}

#[test]
fn a_report_year_out_of_range_is_named() {
    let (_tmp, site) = copy_fixture("report");
    let f = site.join("content/regionstyrelsen/2023-arsredovisning/_index.md");
    std::fs::write(&f, read(&f).replace("år: 2023", "år: 99999")).unwrap();
    let run = insyn(&site, &["build"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains(
            "content/regionstyrelsen/2023-arsredovisning/_index.md:7:7: fel: 99999 är inget rimligt år för en rapport"
        ),
        "{}",
        run.stderr
    );
}

/// The corpus the performance table is measured on (`bench/corpus.py --blocks`), small: it
/// builds, with its report blocks' tables, charts, downloads and indicator pages, and a
/// second build gives the same bytes. No timing: this only keeps the benchmark working.
#[test]
fn the_benchmark_corpus_with_blocks_builds() {
    let tmp = tempfile::tempdir().unwrap();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/corpus.py");
    let made = std::process::Command::new("python3")
        .arg(&script)
        .arg("60")
        .arg(tmp.path())
        .arg("--blocks")
        .output()
        .expect("python3 runs bench/corpus.py");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));
    let site = tmp.path().join("site");
    let run = insyn(&site, &["build", "--output", "a"]);
    assert!(run.ok, "{}", run.stderr);
    let said = format!("{}{}", run.stdout, run.stderr);
    assert!(said.contains("60 sidor"), "{said}");
    let out = tree(&site.join("a"));
    let page = String::from_utf8_lossy(&out["regionkontoret/2025-arsredovisning/01-avsnitt/index.html"]).into_owned();
    assert!(page.contains("<svg"), "the table's charts are on the page");
    assert!(
        out.keys().any(|k| k.ends_with(".zip")),
        "the reports' data packages are written"
    );
    assert!(
        out.keys().any(|k| k.starts_with("indikatorer/")),
        "indicator history pages are written"
    );
    assert!(insyn(&site, &["build", "--output", "b"]).ok);
    assert!(out == tree(&site.join("b")), "the same bytes twice");
}

/// The paired benchmark (`bench/ab.sh`) runs two binaries in turn on a small corpus and says
/// how they compare; here the same binary twice, once each. No timing is judged: this only
/// keeps the tool working.
#[test]
fn the_paired_benchmark_compares_two_binaries() {
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/ab.sh");
    let bin = env!("CARGO_BIN_EXE_insyn");
    let run = std::process::Command::new("bash")
        .arg(&script)
        .args([bin, bin, "20", "--blocks"])
        .env("RUNS", "1")
        .output()
        .expect("bash runs bench/ab.sh");
    let said = String::from_utf8_lossy(&run.stdout).into_owned();
    assert!(run.status.success(), "{said}{}", String::from_utf8_lossy(&run.stderr));
    assert!(said.contains("pages 20 --blocks, 1 pairs"), "{said}");
    let ratio = said
        .lines()
        .find_map(|l| l.strip_prefix("new/old: wall "))
        .and_then(|r| r.split(',').next())
        .and_then(|r| r.trim().parse::<f64>().ok())
        .unwrap_or_else(|| panic!("a wall-time ratio: {said}"));
    assert!(ratio > 0.0 && ratio.is_finite(), "{said}");
    // A binary whose build fails stops the comparison, saying which.
    let failed = std::process::Command::new("bash")
        .arg(&script)
        .args([bin, "/bin/false", "20", "--blocks"])
        .env("RUNS", "1")
        .output()
        .expect("bash runs bench/ab.sh");
    assert!(!failed.status.success());
    assert!(String::from_utf8_lossy(&failed.stderr).contains("/bin/false failed"));
}

/// The site's `public/` is exactly `before`, and no staging folder is left beside it.
fn assert_untouched(site: &std::path::Path, before: &std::collections::BTreeMap<String, Vec<u8>>) {
    assert_eq!(
        &tree(&site.join("public")),
        before,
        "the old output is exactly as it was"
    );
    let leftovers: Vec<_> = std::fs::read_dir(site)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("insyn-"))
        .collect();
    assert!(leftovers.is_empty(), "no staging directories left: {leftovers:?}");
}
