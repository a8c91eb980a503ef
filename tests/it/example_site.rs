//! End-to-end: the example site at the repository root — the three Region Halland reports —
//! builds, and shows the real figures from the source reports.

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

fn build_example() -> (tempfile::TempDir, BTreeMap<String, String>) {
    let tmp = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tmp.path().join("public");
    let run = insyn(root, &["build", "--output", out.to_str().unwrap()]);
    assert!(run.ok, "the example site must build:\n{}", run.stderr);
    let pages = tree(&out)
        .into_iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b).unwrap()))
        .collect();
    (tmp, pages)
}

/// Visible text with tags removed and no-break spaces as spaces.
fn text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(if c == '\u{a0}' { ' ' } else { c }),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_example_site_shows_the_reports_figures() {
    let (_tmp, pages) = build_example();
    let page = |p: &str| pages.get(p).unwrap_or_else(|| panic!("missing page {p}"));

    // Personalomsättning 9,92 % against 11 %, with the derived status.
    let staff = text(page("regionstyrelsen/2023-arsredovisning/04-medarbetare/index.html"));
    assert!(staff.contains("Personalomsättning"), "{staff}");
    assert!(staff.contains("9,92 % 11 %"), "utfall then mål in the table: {staff}");
    assert!(staff.contains("2,4 % 5,2 %"));

    // The report summarises its assignments: 9 of 11 fulfilled.
    let report = text(page("regionstyrelsen/2023-arsredovisning/index.html"));
    assert!(report.contains("9 av 11 uppdrag uppfyllda"), "{report}");

    // The investment table and its total: 48,6 / 73,2 / 24,6 mnkr (avvikelse = budget − utfall).
    let inv = text(page("regionstyrelsen/2023-arsredovisning/06-investeringar/index.html"));
    assert!(inv.contains("Summa 48,6 73,2 24,6"), "{inv}");
    assert!(inv.contains("IT-utrustning 45,3 35,9 −9,4"));
    assert!(inv.contains("Avvikelse = budget − utfall"));

    // The resultaträkning: −742,2 / −814,9 / 72,7 and the whole thousands 72 704 tkr.
    let eco = text(page("regionstyrelsen/2023-arsredovisning/05-ekonomi/index.html"));
    assert!(eco.contains("Totalt −742,2 −814,9 72,7"), "{eco}");
    assert!(eco.contains("72 704"));

    // 2020: personalomsättning 10,81 % against 13 %.
    let staff2020 = text(page("regionkontoret/2020-arsredovisning/04-medarbetare/index.html"));
    assert!(staff2020.contains("10,81 % 13 %"), "{staff2020}");
}

#[test]
fn indicator_history_gathers_values_across_reports() {
    let (_tmp, pages) = build_example();
    let h = text(&pages["indikatorer/region-halland/personalomsattning/index.html"]);
    for must in [
        "2020 10,81 % 13 %",
        "2023 9,92 % 11 %",
        "Årsredovisning 2020",
        "Årsredovisning 2023",
        "Verksamhetsplan 2023",
    ] {
        assert!(h.contains(must), "history page lacks {must:?}: {h}");
    }
    let s = text(&pages["indikatorer/region-halland/sjukfranvaro/index.html"]);
    assert!(
        s.contains("2019 2,22 %") && s.contains("2020 2,99 % 4 %") && s.contains("2023 2,4 % 5,2 %"),
        "{s}"
    );
    // Each report links to the history of its indicators.
    assert!(
        pages["regionstyrelsen/2023-arsredovisning/04-medarbetare/index.html"]
            .contains("href=\"/insyn/indikatorer/region-halland/personalomsattning/\"")
    );
}

#[test]
fn plan_links_to_outcome_and_back() {
    let (_tmp, pages) = build_example();
    let plan = &pages["regionkontoret/2023-verksamhetsplan/03-regionkontorets-verksamhetsplan/index.html"];
    let outcome = &pages["regionstyrelsen/2023-arsredovisning/02-malstyrning/index.html"];
    assert!(
        plan.contains(
            "href=\"/insyn/regionstyrelsen/2023-arsredovisning/02-malstyrning/#uppdrag-informationssakerhet\""
        )
    );
    let t = text(plan);
    assert!(
        t.contains("Uppföljning i Årsredovisning 2023 : ◐ Delvis uppfyllt"),
        "the plan shows the outcome's status: {t}"
    );
    assert!(outcome.contains("href=\"/insyn/regionkontoret/2023-verksamhetsplan/03-regionkontorets-verksamhetsplan/#uppdrag-informationssakerhet\""));
    assert!(outcome.contains("id=\"uppdrag-informationssakerhet\""));
    // The arbetsmiljöplan's two assignments are followed up in the annual report, which gives
    // them no assessment: each says so (no status made up) and links its follow-up, which
    // links back.
    let plan = &pages["regionkontoret/2023-verksamhetsplan/04-arbetsmiljoplan/index.html"];
    let followup = &pages["regionstyrelsen/2023-arsredovisning/03-kvalitetsstyrning/index.html"];
    assert_eq!(plan.matches("<li class=\"assignment\"").count(), 2, "{plan}");
    for id in ["platsoberoende-arbetssatt", "chefers-forutsattningar"] {
        let item = assignment(plan, id);
        assert!(
            item.contains(&format!(
                "Uppföljning i <a href=\"/insyn/regionstyrelsen/2023-arsredovisning/03-kvalitetsstyrning/#uppdrag-{id}\">Årsredovisning 2023</a>: ingen bedömning redovisas</p>"
            )),
            "{item}"
        );
        assert!(!item.contains("class=\"status"), "no status for {id}: {item}");
        let back = assignment(followup, id);
        assert!(
            back.contains(&format!(
                "Planerat i <a href=\"/insyn/regionkontoret/2023-verksamhetsplan/04-arbetsmiljoplan/#uppdrag-{id}\">Verksamhetsplan 2023</a>.</p>"
            )),
            "{back}"
        );
        assert!(back.contains("Ingen bedömning av uppdraget redovisas."), "{back}");
    }
}

/// The `<li>` of the assignment `id` on a page.
fn assignment<'a>(html: &'a str, id: &str) -> &'a str {
    let start = format!("<li class=\"assignment\" id=\"uppdrag-{id}\">");
    let from = html
        .find(&start)
        .unwrap_or_else(|| panic!("no assignment {id} on the page"));
    let rest = &html[from..];
    &rest[..rest.find("</li>").expect("the assignment's </li>")]
}

/// Numbers as the site writes them: `−1 063 740,5` (no-break spaces between groups), unsigned.
fn numbers_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() || (i > 0 && chars[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        let mut n = String::new();
        while i < chars.len() {
            let c = chars[i];
            let group = c == '\u{a0}'
                && chars
                    .get(i + 1..i + 4)
                    .is_some_and(|g| g.iter().all(char::is_ascii_digit));
            let decimal = c == ',' && chars.get(i + 1).is_some_and(char::is_ascii_digit);
            if c.is_ascii_digit() || group || decimal {
                n.push(if c == '\u{a0}' { ' ' } else { c });
                i += 1;
            } else {
                break;
            }
        }
        out.push(n);
    }
    out
}

/// Every number a chart describes is also in a table on the same page.
#[test]
fn every_chart_has_a_table_with_the_same_numbers() {
    let (_tmp, pages) = build_example();
    let mut charts = 0;
    for (path, html) in &pages {
        let cells: Vec<String> = html
            .split("<td")
            .chain(html.split("<th"))
            .skip(1)
            .filter_map(|c| {
                c.split_once('>')
                    .map(|(_, rest)| text(rest.split("</t").next().unwrap_or("")))
            })
            .collect();
        for svg in html.split("<svg class=\"chart\"").skip(1) {
            charts += 1;
            let desc = svg
                .split("<desc")
                .nth(1)
                .and_then(|d| d.split_once('>'))
                .and_then(|(_, d)| d.split("</desc>").next())
                .expect("every chart has a desc");
            let numbers = numbers_in(desc);
            assert!(
                !numbers.is_empty(),
                "{path}: a chart without numbers in its description"
            );
            for n in numbers {
                assert!(
                    cells.iter().any(|c| c.contains(&n)),
                    "{path}: the chart says {n} but no table cell does (desc: {desc})"
                );
            }
        }
    }
    assert!(charts >= 10, "the example site has charts: {charts}");
}

#[test]
fn the_accessibility_statement_follows_diggs_model_and_is_linked_from_every_page() {
    let (_tmp, pages) = build_example();
    let s = text(&pages["tillganglighet/index.html"]);
    for must in [
        "Hur tillgänglig är webbplatsen?",
        "Vad kan du göra om du inte kan använda delar av webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Webbplatsen är delvis förenlig med lagen om tillgänglighet till digital offentlig service",
        "Innehåll som inte är tillgängligt",
        "tillganglighet@example.se",
        "23 november 2026",
    ] {
        assert!(s.contains(must), "statement lacks {must:?}: {s}");
    }
    assert!(pages["tillganglighet/index.html"].contains("href=\"https://www.digg.se/tdosanmalan\""));
    for (path, html) in &pages {
        assert!(
            html.contains("href=\"/insyn/tillganglighet/\""),
            "{path} does not link the statement"
        );
    }
}
