//! A report's overview on its start page ("Året i korthet", "Perioden i korthet"), from its own
//! blocks only, and the home page's latest report of each body (`tests/fixtures/overview/`).

use crate::common::{copy_fixture, insyn, read};
use std::path::Path;

/// The text of the element that starts at `marker`, up to the next `</section>`, tags removed.
fn section_text(html: &str, marker: &str) -> Option<String> {
    let start = html.find(marker)?;
    let end = html[start..].find("</section>")? + start;
    let mut out = String::new();
    let mut in_tag = false;
    for c in html[start..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    Some(
        out.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .replace('\u{a0}', " "),
    )
}

fn build() -> (tempfile::TempDir, std::path::PathBuf) {
    let (tmp, dir) = copy_fixture("overview");
    let run = insyn(&dir, &["build"]);
    assert!(run.ok, "{}{}", run.stdout, run.stderr);
    let public = dir.join("public");
    (tmp, public)
}

fn page(public: &Path, path: &str) -> String {
    read(&public.join(path).join("index.html"))
}

#[test]
fn an_annual_report_shows_its_year_in_brief_and_what_changed() {
    let (_tmp, public) = build();
    let html = page(&public, "namnden/2023-arsredovisning");
    let s = section_text(&html, "<section class=\"overview\"").expect("an overview");
    for must in [
        "Året i korthet",
        // Key figures of the report's pages, linked to where they are.
        "Antal anställda 2023 425",
        "Nettokostnad 2023 530,25 mnkr",
        // The row that is the result, against budget; the difference is computed and says so.
        "Ur tabellen Resultaträkning , raden ”Årets resultat”:",
        "Utfall −530,25 mnkr Budget −545,0 mnkr Utfall mot budget +14,75 mnkr *",
        "beräknad av webbplatsen",
        // Indicators against target: one met, one not, one without a target.
        "3 indikatorer i rapporten",
        "Målet nått: 1",
        "Målet inte nått: 1",
        "Inget mål: 1",
        // Since the previous report of the same body: indicators by id, key figures by name.
        "Förändring sedan årsredovisning 2022",
        "Sjukfrånvaro 5,1 % 2022 4,6 % 2023 −0,5 procentenheter",
        "Antal anställda 410 2022 425 2023 +15",
        "Nettokostnad 512,5 mnkr 2022 530,25 mnkr 2023 +17,75 mnkr",
    ] {
        assert!(s.contains(must), "the overview lacks {must:?}: {s}");
    }
    assert!(
        !s.contains("Personalomsättning 1"),
        "an indicator the earlier report lacks has no change: {s}"
    );
    assert!(html.contains("href=\"/insyn/namnden/2023-arsredovisning/resultat/#block-resultatrakning\""));
    assert!(html.contains("href=\"/insyn/namnden/2022-arsredovisning/\">årsredovisning 2022</a>"));
}

#[test]
fn a_delarsrapport_sets_its_prognosis_against_the_budget_never_the_part_year_outcome() {
    let (_tmp, public) = build();
    let html = page(&public, "styrelsen/2024-delarsrapport-1");
    let s = section_text(&html, "<section class=\"overview\"").expect("an overview");
    for must in [
        "Perioden i korthet",
        "Resultat mot budget och prognos",
        "April 2024 (jan–apr 2024) 5 mnkr",
        "Budget 2024 0 mnkr",
        "Prognos 2024 7 mnkr",
        "Prognos 2024 mot budget 2024 +7 mnkr",
    ] {
        assert!(s.contains(must), "the overview lacks {must:?}: {s}");
    }
    assert!(!s.contains("April 2024 (jan–apr 2024) mot"), "{s}");
    // No indicators, no key figures, no earlier report: nothing said about them.
    for never in ["Indikatorer mot mål", "Nyckeltal", "Förändring sedan"] {
        assert!(!s.contains(never), "{never:?} without a block to show: {s}");
    }
}

#[test]
fn a_report_without_such_blocks_has_no_overview() {
    let (tmp, dir) = copy_fixture("overview");
    std::fs::remove_file(dir.join("content/styrelsen/2024-delarsrapport-1/_index.md")).unwrap();
    std::fs::write(
        dir.join("content/styrelsen/2024-delarsrapport-1/_index.md"),
        "---\ntitle: Delårsrapport 1 2024\nrapport:\n  typ: delårsrapport\n  år: 2024\n  nummer: 1\n  organisation: Styrelsen\n  period: jan–apr 2024\n---\nBara text.\n",
    )
    .unwrap();
    let run = insyn(&dir, &["build"]);
    assert!(run.ok, "{}{}", run.stdout, run.stderr);
    let html = page(&dir.join("public"), "styrelsen/2024-delarsrapport-1");
    assert!(!html.contains("class=\"overview\""), "{html}");
    drop(tmp);
}

#[test]
fn the_home_page_shows_the_latest_report_of_each_body() {
    let (_tmp, public) = build();
    let html = read(&public.join("index.html"));
    let s = section_text(&html, "aria-labelledby=\"senaste-per-organisation\"").expect("latest per body");
    assert!(s.contains("Senaste rapporten från varje organisation"), "{s}");
    let styrelsen = s
        .find("Styrelsen Delårsrapport 1 2024")
        .unwrap_or_else(|| panic!("{s}"));
    let namnden = s.find("Nämnden Årsredovisning 2023").unwrap_or_else(|| panic!("{s}"));
    assert!(styrelsen < namnden, "newest first: {s}");
    assert!(!s.contains("Årsredovisning 2022"), "only the latest of each body: {s}");
    assert!(
        s.contains("Resultaträkning, Årets resultat: Utfall −530,25 mnkr · Budget −545,0 mnkr"),
        "{s}"
    );
    assert!(html.contains("<a href=\"/insyn/namnden/2023-arsredovisning/\">Årsredovisning 2023<span class=\"visually-hidden\">, Nämnden</span></a>"));
}
