//! The editor documentation cannot drift from the code: every report block and every
//! front-matter example in docs/*.md is built here, as an editor would write it.

use crate::common::*;
use std::path::Path;

pub const BLOCK_TYPES: [&str; 5] = ["nyckeltal", "indikatorer", "uppdrag", "ekonomitabell", "tabell"];

pub struct Example {
    pub doc: String,
    pub line: usize,
    pub info: String,
    pub body: String,
}

pub fn examples() -> Vec<Example> {
    let mut out = Vec::new();
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let mut files: Vec<_> = std::fs::read_dir(&docs).unwrap().map(|e| e.unwrap().path()).collect();
    files.sort();
    for f in files.iter().filter(|f| f.extension().is_some_and(|e| e == "md")) {
        let text = read(f);
        let lines: Vec<&str> = text.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            if let Some(info) = lines[i].strip_prefix("```") {
                let start = i;
                let end = (i + 1..lines.len())
                    .find(|j| lines[*j].trim_end() == "```")
                    .expect("closed fence");
                out.push(Example {
                    doc: f.file_name().unwrap().to_string_lossy().into(),
                    line: start + 1,
                    info: info.trim().to_string(),
                    body: lines[start + 1..end].join("\n"),
                });
                i = end + 1;
            } else {
                i += 1;
            }
        }
    }
    out
}

/// The spreadsheets the documented examples read, beside the pages that read them.
pub fn copy_spreadsheets(folder: &Path) {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/docs");
    std::fs::create_dir_all(folder).unwrap();
    for f in std::fs::read_dir(&fixtures).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, folder.join(f.file_name().unwrap())).unwrap();
    }
}

#[test]
fn every_documented_block_and_front_matter_builds() {
    let all = examples();
    let blocks: Vec<&Example> = all.iter().filter(|e| BLOCK_TYPES.contains(&e.info.as_str())).collect();
    let fronts: Vec<&Example> = all
        .iter()
        .filter(|e| e.info == "text" && e.body.starts_with("---\n"))
        .collect();
    for t in BLOCK_TYPES {
        assert!(
            blocks.iter().any(|e| e.info == t),
            "docs have no example of the block type {t}"
        );
    }
    assert!(fronts.len() >= 2, "front matter examples found: {}", fronts.len());
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path();
    // The status words the docs map in their site.toml example are the site's.
    let words = all
        .iter()
        .find_map(|e| e.body.split_once("[statusord]\n").map(|(_, w)| w.to_string()))
        .expect("the docs show a [statusord] table");
    std::fs::write(
        site.join("site.toml"),
        format!("title = \"Dokumentation\"\nbase_url = \"https://example.se/\"\n\n[statusord]\n{words}"),
    )
    .unwrap();
    let content = site.join("content");
    std::fs::create_dir_all(content.join("rapport")).unwrap();
    std::fs::write(content.join("_index.md"), "---\ntitle: Start\n---\n").unwrap();
    copy_spreadsheets(&content.join("rapport"));
    // Report blocks go into a report, one page each, so that the checks run on every one.
    std::fs::write(
        content.join("rapport/_index.md"),
        "---\ntitle: Rapport\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: Exempel\n---\n",
    )
    .unwrap();
    for (n, e) in blocks.iter().enumerate() {
        let page = format!(
            "---\ntitle: Exempel {n} ({} rad {})\n---\n```{}\n{}\n```\n",
            e.doc, e.line, e.info, e.body
        );
        std::fs::write(content.join(format!("rapport/exempel-{n}.md")), page).unwrap();
    }
    for (n, e) in fronts.iter().enumerate() {
        let text = if e.body.trim_end().ends_with("---") {
            format!("{}\nText.\n", e.body)
        } else {
            e.body.clone()
        };
        std::fs::create_dir_all(content.join(format!("fm-{n}"))).unwrap();
        std::fs::write(content.join(format!("fm-{n}/_index.md")), text).unwrap();
    }
    let run = insyn(site, &["build"]);
    assert!(run.ok, "a documented example does not build:\n{}", run.stderr);
    // The documented behaviour is what the reader sees: the rounding example passes and shows
    // the stated figures, the source-error example shows its note.
    let out = site.join("public/rapport");
    let pages: String = (0..blocks.len())
        .map(|n| read(&out.join(format!("exempel-{n}/index.html"))))
        .collect();
    assert!(pages.contains("<td>72,7</td>"));
    assert!(pages.contains("Rapporten anger 3,0; raden ger 2,0."));
    // Uppfyllt, delvis uppfyllt, Klar (= uppfyllt), and RF24-26 without an assessment.
    let home = read(&out.join("index.html"));
    assert!(
        home.contains("2 av 3 uppdrag uppfyllda"),
        "the report summarises its assignments"
    );
    // The structures the docs promise, as the reader sees them.
    for must in [
        "RF24-26",
        "Ta fram förslag till reviderade avgifter",
        " Klar<span class=\"visually-hidden\"> (betyder uppfyllt)",
        "scope=\"colgroup\" colspan=\"2\">Kommunen</th>",
        "class=\"varav depth-1\"",
        "Summa eget kapital, avsättningar och skulder",
        "<td>−4,03\u{a0}%</td>",
        " Negativ<span class=\"visually-hidden\"> (betyder ej uppfyllt)",
        "jan–mar 2024",
        // Pasted bold rows are sums; the spreadsheet's rows, with its bold total.
        "Summa intäkter",
        "<td>−599,8</td>",
        "<td>72,7</td>",
    ] {
        assert!(pages.contains(must), "the documented examples show {must}");
    }
    let fm_pages: String = (0..fronts.len())
        .map(|n| read(&site.join(format!("public/fm-{n}/index.html"))))
        .collect();
    assert!(
        fm_pages.contains("Rapportens samlade bedömning"),
        "the documented bedömning: is shown"
    );
}

#[test]
fn documented_site_toml_examples_are_valid() {
    let configs: Vec<Example> = examples()
        .into_iter()
        .filter(|e| e.body.contains("base_url = "))
        .collect();
    assert!(!configs.is_empty(), "the docs show a site.toml");
    for e in configs {
        if let Err(d) = insyn::config::SiteConfig::parse(&e.body, None) {
            panic!("{} line {}: {d}", e.doc, e.line);
        }
    }
}

#[test]
fn the_documented_glossary_file_is_valid() {
    let files: Vec<Example> = examples()
        .into_iter()
        .filter(|e| e.info == "yaml" && e.body.starts_with("# begrepp.yaml"))
        .collect();
    assert!(!files.is_empty(), "the docs show a begrepp.yaml");
    for e in files {
        let g = insyn::load::glossary::parse(&e.body)
            .unwrap_or_else(|d| panic!("{} line {}: {:?}", e.doc, e.line, d.sorted()));
        assert!(g.terms.iter().any(|t| t.from_site), "{} line {}", e.doc, e.line);
    }
}
