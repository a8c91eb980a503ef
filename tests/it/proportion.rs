//! What grows with the number of reports stays proportionate: a generated site of several
//! bodies and many reports keeps its home page, feed, tables of contents and search index
//! files bounded, and compares a shared indicator between bodies year by year.

use crate::common::{insyn, read};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const BODIES: [&str; 3] = ["Kommun Alfa", "Kommun Beta", "Kommun Gamma"];
const YEARS: std::ops::RangeInclusive<i32> = 2010..=2021;
/// Parts of the one long report (Kommun Alfa's årsredovisning 2021).
const LONG_REPORT: usize = 30;

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The sick-leave value of body `b` in `year`: distinct per body and year.
fn sick_leave(b: usize, year: i32) -> String {
    format!("{},{}", 3 + b, (year - 2010) % 10)
}

/// Three bodies × twelve years × two reports, each årsredovisning with an indicator list;
/// one report with many parts, and words enough for a search index of many parts. The site
/// lives at `base_url` (the browser checks serve it under `/insyn/`).
pub fn generate(root: &Path, base_url: &str) {
    write(
        &root.join("site.toml"),
        &format!(
            "title = \"Tre kommuner\"\nbase_url = \"{base_url}\"\nlanguage = \"sv\"\npublisher = \"Tre kommuner\"\ndemo = true\n"
        ),
    );
    write(
        &root.join("content/_index.md"),
        "---\ntitle: Start\n---\n\nRapporter från tre kommuner.\n",
    );
    for (b, body) in BODIES.iter().enumerate() {
        let slug = body.to_lowercase().replace(' ', "-");
        write(
            &root.join(format!("content/{slug}/_index.md")),
            &format!("---\ntitle: {body}\n---\n\nRapporterna från {body}.\n"),
        );
        for year in YEARS {
            for (kind, dir, parts) in [
                (
                    "årsredovisning",
                    "arsredovisning",
                    if b == 0 && year == 2021 { LONG_REPORT } else { 2 },
                ),
                ("verksamhetsplan", "verksamhetsplan", 1),
            ] {
                let base = root.join(format!("content/{slug}/{year}-{dir}"));
                write(
                    &base.join("_index.md"),
                    &format!(
                        "---\ntitle: {kind} {year}\ndate: {year}-0{}-15\nrapport:\n  typ: {kind}\n  år: {year}\n  organisation: Kommunstyrelsen\n  utgivare: {body}\n---\n\nInledning.\n",
                        if kind == "årsredovisning" { 4 } else { 1 }
                    ),
                );
                for p in 1..=parts {
                    let mut text = format!("---\ntitle: Del {p}\nweight: {p}\n---\n\n");
                    // Words that differ from page to page, so that the index has many terms.
                    for w in 0..40 {
                        let _ = write!(text, "ord{b}x{year}x{p}x{w} ");
                    }
                    text.push_str("\n\nBudgeten och utfallet för verksamheten.\n");
                    if p == 1 && kind == "årsredovisning" {
                        let _ = write!(
                            text,
                            "\n```indikatorer\ntitel: Indikatorer\nindikatorer:\n  - id: sjukfranvaro\n    namn: Sjukfrånvaro\n    enhet: \"%\"\n    utfall: {}\n    mål: 5\n    riktning: lägre\n```\n",
                            sick_leave(b, year)
                        );
                    }
                    write(&base.join(format!("{p:02}-del.md")), &text);
                }
            }
        }
    }
}

fn built() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    generate(&root, "https://example.se/");
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    (tmp, root.join("public"))
}

/// The page's main content (without the menus).
fn main_of(html: &str) -> String {
    let from = html.find("<main").expect("main");
    html[from..html.find("</main>").expect("end of main")].to_string()
}

fn count(hay: &str, needle: &str) -> usize {
    hay.matches(needle).count()
}

#[test]
fn home_feed_and_tables_of_contents_stay_bounded() {
    let (_tmp, out) = built();
    let reports = BODIES.len() * YEARS.count() * 2;
    // The home page: the newest reports, and a link to all of them.
    let home = read(&out.join("index.html"));
    // The newest reports, at most 10; and each body's latest, at most 12 (a portal of hundreds
    // of bodies links the list instead).
    let (by_body, newest) = home.split_once("id=\"senaste-rapporter\"").expect("newest reports");
    assert!(count(newest, "<li class=\"card\">") <= 10, "{home}");
    assert_eq!(count(by_body, "<li class=\"card\">"), BODIES.len(), "{home}");
    assert!(home.contains(&format!("Alla {reports} rapporter")), "{home}");
    // All reports: a list of the bodies, and each body's reports by year.
    let all = read(&out.join("rapporter/index.html"));
    for body in BODIES {
        assert!(all.contains(body), "{body} in {all}");
    }
    let alfa = main_of(&read(&out.join("rapporter/kommun-alfa/index.html")));
    assert_eq!(count(&alfa, "<h2 id=\"ar-"), YEARS.count(), "{alfa}");
    assert!(alfa.contains("href=\"/kommun-alfa/2015-verksamhetsplan/\""), "{alfa}");
    assert!(!alfa.contains("kommun-beta/"), "only Alfa's reports: {alfa}");
    // The feed: the newest 50 reports, not all.
    let atom = read(&out.join("atom.xml"));
    assert_eq!(count(&atom, "<entry>"), 50);
    assert!(
        atom.contains("2021-arsredovisning") && !atom.contains("2010-"),
        "the newest"
    );
    // The long report: its start page has every part, the others a bounded piece.
    let nav = |html: &str| -> String {
        let from = html.find("<nav class=\"report-nav\"").expect("report nav");
        html[from..from + html[from..].find("</nav>").unwrap()].to_string()
    };
    let long = out.join("kommun-alfa/2021-arsredovisning");
    let start = nav(&read(&long.join("index.html")));
    assert_eq!(count(&start, "<li"), LONG_REPORT + 1, "{start}");
    assert!(!start.contains("Hela innehållet"));
    for p in [1, 15, LONG_REPORT] {
        let page = nav(&read(&long.join(format!("{p:02}-del/index.html"))));
        assert!(count(&page, "<li") <= 12, "part {p}: {page}");
        assert!(
            page.contains(&format!(
                "href=\"/kommun-alfa/2021-arsredovisning/{p:02}-del/\" aria-current=\"page\""
            )),
            "{page}"
        );
        assert!(page.contains("Hela innehållet"), "{page}");
    }
    // Neighbours are shown: part 15 lists parts 10 to 20.
    let mid = nav(&read(&long.join("15-del/index.html")));
    assert!(
        mid.contains("/10-del/") && mid.contains("/20-del/") && !mid.contains("/09-del/") && !mid.contains("/21-del/"),
        "{mid}"
    );
}

#[test]
fn a_shared_indicator_is_compared_between_bodies_year_by_year() {
    let (_tmp, out) = built();
    // Each body has its own history, which links the comparison.
    for body in ["kommun-alfa", "kommun-beta", "kommun-gamma"] {
        let h = read(&out.join(format!("indikatorer/{body}/sjukfranvaro/index.html")));
        assert!(h.contains("href=\"/jamforelser/sjukfranvaro/\""), "{h}");
        assert_eq!(count(&h, "<th scope=\"row\">"), YEARS.count(), "one value a year: {h}");
    }
    // The list of indicators names the bodies and the comparisons; each body lists its own.
    let list = main_of(&read(&out.join("indikatorer/index.html")));
    assert!(
        list.contains("href=\"/indikatorer/kommun-beta/\"") && list.contains("href=\"/jamforelser/sjukfranvaro/\""),
        "{list}"
    );
    assert!(
        !list.contains("class=\"card\""),
        "no body's indicators on the list itself: {list}"
    );
    let beta = main_of(&read(&out.join("indikatorer/kommun-beta/index.html")));
    assert!(
        beta.contains("href=\"/indikatorer/kommun-beta/sjukfranvaro/\"") && !beta.contains("kommun-alfa"),
        "{beta}"
    );
    let index = read(&out.join("jamforelser/sjukfranvaro/index.html"));
    for year in YEARS {
        assert!(
            index.contains(&format!("href=\"/jamforelser/sjukfranvaro/{year}/\"")),
            "{index}"
        );
    }
    let page = main_of(&read(&out.join("jamforelser/sjukfranvaro/2015/index.html")));
    assert!(
        page.contains(
            "<p class=\"table-caption\" id=\"jamforelse-rubrik\">Sjukfrånvaro 2015 per organisation, procent</p>"
        ),
        "{page}"
    );
    assert_eq!(count(&page, "<tr>") - 1, BODIES.len(), "one row a body: {page}");
    for (b, body) in BODIES.iter().enumerate() {
        let row_from = page
            .find(&format!(">{body}<"))
            .unwrap_or_else(|| panic!("{body}: {page}"));
        let row = &page[row_from..row_from + page[row_from..].find("</tr>").unwrap()];
        assert!(
            row.contains(&format!("<td>{}\u{a0}%</td>", sick_leave(b, 2015))),
            "{row}"
        );
        assert!(row.contains("<td>5\u{a0}%</td>"), "target with its unit: {row}");
        assert!(
            row.contains(&format!(
                "/{}/2015-arsredovisning/01-del/",
                body.to_lowercase().replace(' ', "-")
            )),
            "source: {row}"
        );
        assert!(row.contains("class=\"status"), "status in words: {row}");
    }
    assert!(!page.contains("2016-arsredovisning"), "one year only");
    let csv = read(&out.join("jamforelser/sjukfranvaro/2015/sjukfranvaro-2015.csv"));
    let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
    assert_eq!(lines.len(), 1 + BODIES.len(), "{csv}");
    assert!(lines[0].starts_with("\u{feff}Utgivare;Indikator;Id;Period;"), "{csv}");
    assert!(
        lines[1].starts_with(&format!(
            "Kommun Alfa;Sjukfrånvaro;sjukfranvaro;2015;2015;\"{}\";5;%;",
            sick_leave(0, 2015)
        )),
        "{csv}"
    );
    assert!(
        page.contains("href=\"/jamforelser/sjukfranvaro/2015/sjukfranvaro-2015.csv\""),
        "{page}"
    );
}

#[test]
fn the_search_index_comes_in_bounded_parts() {
    use insyn::render::search::{DOCS_PER_SHARD, TERM_SHARD_BYTES};
    let (_tmp, out) = built();
    let manifest = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("sok-index."))
        .expect("the index's table of contents");
    let m: serde_json::Value = serde_json::from_slice(&std::fs::read(&manifest).unwrap()).unwrap();
    assert!(
        std::fs::metadata(&manifest).unwrap().len() < 4096,
        "a small table of contents"
    );
    let firsts: Vec<String> = m["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    assert!(firsts.len() > 2, "several parts: {}", firsts.len());
    let mut docs = 0;
    let mut terms = serde_json::Map::new();
    for e in std::fs::read_dir(out.join("sok-index")).unwrap() {
        let path = e.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let v: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        if name.starts_with('t') {
            assert!(bytes.len() <= TERM_SHARD_BYTES, "{name}: {} bytes", bytes.len());
            terms.extend(v.as_object().unwrap().clone());
        } else {
            assert!(name.starts_with('d'), "{name}");
            let n = v.as_array().unwrap().len();
            assert!(n <= DOCS_PER_SHARD);
            assert!(bytes.len() <= DOCS_PER_SHARD * 2048, "{name}: {} bytes", bytes.len());
            docs += n;
        }
    }
    assert_eq!(docs as u64, m["docs"].as_u64().unwrap());
    // A word of one page is in the part the table of contents points to, and finds its page.
    let word = "ord1x2015x2x7";
    let at = firsts.iter().rposition(|f| f.as_str() <= word).unwrap();
    let generation = m["gen"].as_str().unwrap();
    let part: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(format!("sok-index/t{at}.{generation}.json"))).unwrap())
            .unwrap();
    let entry = &part[word];
    assert_eq!(entry[1].as_array().unwrap().len(), 1, "one page has it: {entry}");
    assert_eq!(terms[word], *entry);
}

#[test]
fn a_long_list_of_one_bodys_reports_gets_a_page_per_year() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root.join("site.toml"),
        "title = \"En region\"\nbase_url = \"https://example.se/\"\nlanguage = \"sv\"\npublisher = \"Region Exempel\"\ndemo = true\n",
    );
    write(
        &root.join("content/_index.md"),
        "---\ntitle: Start\n---\n\nRapporter.\n",
    );
    // 101 reports: more than one page of the list holds.
    for n in 0..101 {
        let year = 2000 + n / 5;
        write(
            &root.join(format!("content/r{n:03}/_index.md")),
            &format!(
                "---\ntitle: Rapport {n}\nrapport:\n  typ: verksamhetsplan\n  år: {year}\n  organisation: Nämnd {n}\n---\n\nText.\n"
            ),
        );
    }
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let out = root.join("public");
    let all = main_of(&read(&out.join("rapporter/index.html")));
    assert!(all.contains("href=\"/rapporter/2020/\">2020</a> – 1 rapport<"), "{all}");
    assert!(
        all.contains("href=\"/rapporter/2003/\">2003</a> – 5 rapporter<"),
        "{all}"
    );
    assert!(!all.contains("Rapport 17"), "no reports on the list of years: {all}");
    let year = main_of(&read(&out.join("rapporter/2003/index.html")));
    assert_eq!(count(&year, "<li><a href=\"/r0"), 5, "{year}");
    assert!(year.contains("href=\"/r017/\""), "{year}");
}

/// The main menu (`<nav aria-label="Huvudmeny">`) of a page.
fn main_menu(html: &str) -> String {
    let from = html.find("<nav aria-label=\"Huvudmeny\">").expect("main menu");
    html[from..from + html[from..].find("</nav>").unwrap()].to_string()
}

#[test]
fn a_portal_of_many_bodies_keeps_its_main_menu_short() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(
        &root.join("site.toml"),
        "title = \"Portal\"\nbase_url = \"https://example.se/\"\nlanguage = \"sv\"\n",
    );
    write(
        &root.join("content/_index.md"),
        "---\ntitle: Start\n---\n\nRapporter.\n",
    );
    let bodies: Vec<String> = (1..=12).map(|i| format!("Kommun {i:02}")).collect();
    for (i, body) in bodies.iter().enumerate() {
        let slug = format!("kommun-{:02}", i + 1);
        write(
            &root.join(format!("content/{slug}/_index.md")),
            &format!("---\ntitle: {body}\n---\n\nRapporterna från {body}.\n"),
        );
        write(
            &root.join(format!("content/{slug}/2021-arsredovisning/_index.md")),
            &format!(
                "---\ntitle: Årsredovisning 2021\nrapport:\n  typ: årsredovisning\n  år: 2021\n  organisation: Kommunstyrelsen\n  utgivare: {body}\n---\n\nInledning.\n"
            ),
        );
    }
    let few = tmp.path().join("few");
    crate::common::copy_dir(&root, &few);
    for i in 9..=12 {
        std::fs::remove_dir_all(few.join(format!("content/kommun-{i:02}"))).unwrap();
    }
    // Twelve bodies without reports: the link leads to the home page's list of them.
    let plain = tmp.path().join("plain");
    crate::common::copy_dir(&root, &plain);
    for i in 1..=12 {
        std::fs::remove_dir_all(plain.join(format!("content/kommun-{i:02}/2021-arsredovisning"))).unwrap();
    }
    for site in [&root, &few, &plain] {
        let run = insyn(site, &["build"]);
        assert!(run.ok, "{}", run.stderr);
    }
    // Twelve bodies: one link to the list of all reports, on every page, however deep.
    for page in [
        "index.html",
        "kommun-03/index.html",
        "kommun-03/2021-arsredovisning/index.html",
    ] {
        let menu = main_menu(&read(&root.join("public").join(page)));
        assert!(menu.contains("<a href=\"/rapporter/\""), "{page}: {menu}");
        assert!(menu.contains(">Alla rapporter</a>"), "{page}: {menu}");
        assert_eq!(count(&menu, "<li>"), 2, "all reports and search: {page}: {menu}");
        assert!(!menu.contains("Kommun 0"), "no body is named: {menu}");
    }
    // The list names every body; a body's page says where the reader is.
    let all = read(&root.join("public/rapporter/index.html"));
    assert!(bodies.iter().all(|b| all.contains(b.as_str())), "{all}");
    let deep = read(&root.join("public/kommun-03/2021-arsredovisning/index.html"));
    let crumbs = &deep[deep.find("aria-label=\"Du är här\"").expect("breadcrumbs")..];
    assert!(
        crumbs[..crumbs.find("</nav>").unwrap()].contains(">Kommun 03</a>"),
        "{crumbs}"
    );
    let home = read(&plain.join("public/index.html"));
    let menu = main_menu(&home);
    assert!(
        menu.contains("<a href=\"/#organisationer\">Organisationer</a>"),
        "{menu}"
    );
    assert!(
        home.contains("id=\"organisationer\""),
        "the home page has the list: {home}"
    );
    assert!(bodies.iter().all(|b| home.contains(b.as_str())), "{home}");
    // Eight bodies: each is in the menu, as before.
    let menu = main_menu(&read(&few.join("public/index.html")));
    for i in 1..=8 {
        assert!(menu.contains(&format!(">Kommun {i:02}</a>")), "{menu}");
    }
}
