//! WCAG 2.1 AA (DOS-lagen) in a real browser: builds the example site, serves it under
//! `/insyn/` on a loopback port and runs `tests/browser/check.mjs` in headless Chromium —
//! axe-core at 1280 and 320 px on every page type, the Nu Html Checker (vnu) on every HTML
//! file, reflow and text spacing at 320 px, visible focus, the search with the keyboard alone,
//! and contrast inside the SVG charts; unique page titles and link names, every chart text
//! inside its chart; and the search index: `search.js` stems every word of the site exactly
//! as the build does, and searches find indicator pages, glossary terms and inflected forms
//! ("budgeten" finds a page that only says "budget"), with the hit marked in a snippet.
//! Screenshots and `report.json` land in `target/browser-artifacts/`. The broken fixture
//! (`tests/fixtures/a11y-broken/`) must fail.
//!
//! The browser tier (see `tiers.rs`): needs Node.js 20+, a Java runtime (for vnu), Debian's
//! Chromium at /usr/bin/chromium (or `INSYN_CHROMIUM`) and the npm packages of
//! `tests/browser/package-lock.json`, installed with `npm ci --ignore-scripts`. The tests
//! install none of it; `.ci/run` does.

use crate::tiers::{self, Tier};
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The page types of the example site, as `name=path` (the name becomes the screenshot's).
const EXAMPLE_PAGES: &[(&str, &str)] = &[
    ("startsida", "/insyn/"),
    ("organisation", "/insyn/regionstyrelsen/"),
    ("rapport", "/insyn/regionstyrelsen/2023-arsredovisning/"),
    ("avsnitt", "/insyn/regionstyrelsen/2023-arsredovisning/05-ekonomi/"),
    ("indikator", "/insyn/indikatorer/region-halland/personalomsattning/"),
    ("indikatorer", "/insyn/indikatorer/"),
    (
        "uppdrag",
        "/insyn/regionkontoret/2023-verksamhetsplan/03-regionkontorets-verksamhetsplan/",
    ),
    ("sokresultat", "/insyn/sok/?q=personal"),
    ("404", "/insyn/404.html"),
    ("tillganglighet", "/insyn/tillganglighet/"),
    ("begrepp", "/insyn/begrepp/"),
    ("diagram", "/insyn/regionkontoret/2020-arsredovisning/05-ekonomi/"),
    (
        "delarsrapport",
        "/insyn/region-vastmanland/regionkontoret/2024-delarsrapport-1/04-ekonomi/",
    ),
];

/// Words whose stems the browser must agree on, besides every word of the site: inflections,
/// stop words, and Unicode that lower-cases or splits in surprising ways.
const TRICKY_WORDS: &[&str] = &[
    "budget",
    "budgeten",
    "budgetarna",
    "uppdragets",
    "kvaliteten",
    "medarbetarnas",
    "och",
    "Och",
    "i",
    "x",
    "ab",
    "2023",
    "9,92",
    "HME-index",
    "ΟΔΟΣ",
    "İstanbul",
    "Ǆungla",
    "ﬁnansiering",
    "STRASSE",
    "straße",
    "𝔸𝔹ℂ𝔻",
    "e\u{301}tat",
    "١٢٣٤",
    "Ⅻ",
    "½",
    "ÅÄÖ",
    "årsarbetare",
    "sjukfrånvaron",
    "a\u{200b}b",
    "o'hara",
];

/// How long one run of the checker may take before it is stopped.
const CHECK_TIMEOUT: Duration = Duration::from_secs(300);

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn browser_dir() -> PathBuf {
    manifest_dir().join("tests/browser")
}

/// `target/browser-artifacts/<name>/`, emptied.
fn artifacts(name: &str) -> PathBuf {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is inside the target directory");
    let dir = target.join("browser-artifacts").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn chromium_path() -> PathBuf {
    std::env::var_os("INSYN_CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"))
}

/// The browser checks share the machine's two cores: one at a time.
fn lock() -> std::sync::MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether the browser checks can run here (once per test run); see `tiers::ready`.
fn ready() -> bool {
    static MISSING: OnceLock<Vec<String>> = OnceLock::new();
    tiers::ready(Tier::Browser, MISSING.get_or_init(missing_tools))
}

/// What the checks need and this machine lacks, one line each.
fn missing_tools() -> Vec<String> {
    let mut missing = Vec::new();
    match Command::new("node").arg("--version").output() {
        Ok(out) => {
            let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
            let major: u32 = version
                .trim_start_matches('v')
                .split('.')
                .next()
                .and_then(|m| m.parse().ok())
                .unwrap_or(0);
            if major < 20 {
                missing.push(format!("Node.js 20 or newer (found {version:?})"));
            }
        }
        Err(e) => missing.push(format!("Node.js 20 or newer with npm (`node`: {e})")),
    }
    if let Err(e) = Command::new("java").arg("-version").output() {
        missing.push(format!("a Java runtime for the HTML validator vnu.jar (`java`: {e})"));
    }
    let chromium = chromium_path();
    if !chromium.is_file() {
        missing.push(format!(
            "Chromium at {} (Debian's package chromium, or set INSYN_CHROMIUM)",
            chromium.display()
        ));
    }
    if let Some(stale) = npm_packages_missing() {
        missing.push(stale);
    }
    missing
}

/// The npm packages are installed, and not older than package-lock.json: or what is wrong.
fn npm_packages_missing() -> Option<String> {
    let dir = browser_dir();
    let modules = dir.join("node_modules");
    let mtime = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let installed = mtime(&modules.join(".package-lock.json"));
    let locked = mtime(&dir.join("package-lock.json"));
    let needed = [
        "playwright-core/package.json",
        "@axe-core/playwright/package.json",
        "vnu-jar/build/dist/vnu.jar",
    ];
    let absent: Vec<&str> = needed.into_iter().filter(|p| !modules.join(p).is_file()).collect();
    if !absent.is_empty() {
        Some(format!(
            "the npm packages in {} (no {}): run `npm ci --ignore-scripts` there",
            modules.display(),
            absent.join(", ")
        ))
    } else if matches!((installed, locked), (Some(i), Some(l)) if i < l) || installed.is_none() {
        Some(format!(
            "an up-to-date {}: package-lock.json changed since `npm ci`; run `npm ci --ignore-scripts` in {}",
            modules.display(),
            dir.display()
        ))
    } else {
        None
    }
}

/// Build the site at `root` into a fresh temporary folder with the real binary.
fn build(root: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("public");
    let run = Command::new(env!("CARGO_BIN_EXE_insyn"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "building {} failed:\n{}{}",
        root.display(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    (tmp, out)
}

struct Checked {
    code: Option<i32>,
    output: String,
    seconds: f64,
}

/// Run check.mjs with `args`; its output is also kept as `<artifacts>/output.txt`.
fn check(site: &Path, artifacts: &Path, args: &[String]) -> Checked {
    let log = artifacts.join("output.txt");
    let file = File::create(&log).unwrap();
    let start = Instant::now();
    let mut child = Command::new("node")
        .arg("check.mjs")
        .arg("--site")
        .arg(site)
        .arg("--base")
        .arg("/insyn/")
        .arg("--artifacts")
        .arg(artifacts)
        .arg("--chromium")
        .arg(chromium_path())
        .args(args)
        .current_dir(browser_dir())
        .stdin(Stdio::null())
        .stdout(file.try_clone().unwrap())
        .stderr(file)
        .spawn()
        .expect("start node");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > CHECK_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let output = std::fs::read_to_string(&log).unwrap_or_default();
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        status.is_some(),
        "the browser checks did not finish within {CHECK_TIMEOUT:?}; stopped. Output so far:\n{output}"
    );
    Checked {
        code: status.and_then(|s| s.code()),
        output,
        seconds,
    }
}

fn page_args(pages: &[(&str, &str)]) -> Vec<String> {
    pages
        .iter()
        .flat_map(|(name, path)| ["--page".to_string(), format!("{name}={path}")])
        .collect()
}

fn problems(output: &str) -> String {
    output
        .lines()
        .filter(|l| l.starts_with("FAIL") || l.starts_with("error"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn example_site_meets_wcag_2_1_aa_in_a_real_browser() {
    if !ready() {
        return;
    }
    let _one_at_a_time = lock();
    let (_tmp, site) = build(manifest_dir());
    for (_, path) in EXAMPLE_PAGES {
        let rel = path.trim_start_matches("/insyn/").split('?').next().unwrap();
        let file = if rel.is_empty() || rel.ends_with('/') {
            site.join(rel).join("index.html")
        } else {
            site.join(rel)
        };
        assert!(
            file.exists(),
            "page type {path} is missing from the example site ({})",
            file.display()
        );
    }
    let dir = artifacts("example");
    let mut args = page_args(EXAMPLE_PAGES);
    args.extend([
        "--search".into(),
        "/insyn/sok/".into(),
        "--search-query".into(),
        "personal".into(),
    ]);
    let index = search_index(&site);
    let stems = dir.join("stems.json");
    std::fs::write(&stems, stems_json(&index)).unwrap();
    args.extend(["--stems".into(), stems.display().to_string()]);
    let budget_only = only_says(&index, "budget", "budgeten").expect("a page that says budget but never budgeten");
    for expect in [
        format!("budgeten={budget_only}"),
        "sjukfrånvaron=/insyn/indikatorer/region-halland/sjukfranvaro/".to_string(),
        "årsarbetare=/insyn/begrepp/#arsarbetare".to_string(),
    ] {
        args.extend(["--expect-search".into(), expect]);
    }
    let run = check(&site, &dir, &args);
    assert!(
        run.code == Some(0),
        "the example site fails WCAG 2.1 AA checks (exit {:?}, {:.0} s):\n{}\n\nFull output: {}; screenshots and report.json in {}",
        run.code,
        run.seconds,
        problems(&run.output),
        dir.join("output.txt").display(),
        dir.display()
    );
    // Every page type at both widths left a screenshot, and the search was driven by keyboard.
    for (name, _) in EXAMPLE_PAGES {
        for width in [1280, 320] {
            let shot = dir.join(format!("{name}-{width}.png"));
            assert!(shot.exists(), "no screenshot {}", shot.display());
        }
    }
    assert!(dir.join("search-keyboard-320.png").exists());
    assert!(run.output.contains("ok   vnu: 0 errors in "), "{}", run.output);
    assert!(
        run.output.contains("ok   search /insyn/sok/ @ 1280px"),
        "{}",
        run.output
    );
    assert!(
        run.output
            .contains("ok   stemming: search.js and the build agree on all "),
        "{}",
        run.output
    );
    assert!(run.output.contains("ok   search “budgeten” → "), "{}", run.output);
    assert!(
        run.output.contains("ok   names begrepp /insyn/begrepp/ @ 320px"),
        "{}",
        run.output
    );
    assert!(run.output.contains("ok   charts diagram "), "{}", run.output);
    // The widest tables of the example site: every column in view at 1280 px, a cue at 320 px,
    // every column on paper.
    for needle in [
        "ok   tables diagram /insyn/regionkontoret/2020-arsredovisning/05-ekonomi/ @ 1280px: 6 table(s), 0 scroll",
        "ok   tables diagram /insyn/regionkontoret/2020-arsredovisning/05-ekonomi/ @ 320px: ",
        "ok   diagram (utskrift): every column of 6 table(s) on an A4 page",
        "ok   delarsrapport (utskrift): every column of ",
    ] {
        assert!(run.output.contains(needle), "missing {needle:?} in:\n{}", run.output);
    }
    println!("browser checks of the example site: {:.1} s", run.seconds);
}

/// Tables as wide and as deep as real reports have them (`tests/fixtures/tables/`): nine
/// figure columns and nested rows at 1280 px (no column hidden: the window has room), at
/// 320 px (only the table scrolls, with a cue naming the hidden columns) and on A4 paper
/// (every column), with axe and vnu (the cells' `headers`).
#[test]
fn wide_and_nested_tables_fit_the_window_the_phone_and_the_paper() {
    if !ready() {
        return;
    }
    let _one_at_a_time = lock();
    let (_tmp, site) = build(&manifest_dir().join("tests/fixtures/tables"));
    let dir = artifacts("tables");
    let run = check(
        &site,
        &dir,
        &page_args(&[("tabeller", "/insyn/namnden/2023-arsredovisning/ekonomi/")]),
    );
    assert!(
        run.code == Some(0),
        "the tables fixture fails the browser checks (exit {:?}):\n{}\n\nFull output: {}",
        run.code,
        problems(&run.output),
        dir.join("output.txt").display()
    );
    for needle in [
        "ok   tables tabeller /insyn/namnden/2023-arsredovisning/ekonomi/ @ 1280px: 2 table(s), 0 scroll",
        "ok   tables tabeller /insyn/namnden/2023-arsredovisning/ekonomi/ @ 320px: 2 table(s), 2 scroll with a cue (“→ ",
        "ok   tabeller (utskrift): every column of 2 table(s) on an A4 page",
        "ok   vnu: 0 errors in ",
    ] {
        assert!(run.output.contains(needle), "missing {needle:?} in:\n{}", run.output);
    }
}

/// The built site's search index: its table of contents, with the documents of all its parts
/// gathered under `docs`. The example's index has several parts of each kind, so the browser
/// checks below search through the parts.
fn search_index(site: &Path) -> serde_json::Value {
    let file = std::fs::read_dir(site)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("sok-index."))
        .expect("the site has a search index");
    let mut index: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    let generation = index["gen"].as_str().unwrap().to_string();
    let part = |kind: &str, i: usize| site.join(format!("sok-index/{kind}{i}.{generation}.json"));
    let terms = index["terms"].as_array().unwrap().len();
    assert!(terms > 1, "the example's term list is in several parts ({terms})");
    assert!(part("t", terms - 1).exists() && !part("t", terms).exists());
    let mut docs = Vec::new();
    let mut i = 0;
    while part("d", i).exists() {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(part("d", i)).unwrap()).unwrap();
        docs.extend(v.as_array().unwrap().iter().cloned());
        i += 1;
    }
    assert!(i > 1, "the example's documents are in several parts ({i})");
    assert_eq!(docs.len() as u64, index["docs"].as_u64().unwrap());
    index["docs"] = serde_json::Value::Array(docs);
    index
}

/// `{"expected": {word: [terms]}}`: every word of the site's titles and texts, and the tricky
/// ones, with the terms the build makes of them.
fn stems_json(index: &serde_json::Value) -> String {
    let mut words: std::collections::BTreeSet<String> = TRICKY_WORDS.iter().map(|w| w.to_string()).collect();
    for d in index["docs"].as_array().unwrap() {
        for field in [1, 3] {
            words.extend(d[field].as_str().unwrap_or("").split_whitespace().map(String::from));
        }
    }
    let expected: serde_json::Map<String, serde_json::Value> = words
        .into_iter()
        .map(|w| {
            let terms = insyn::render::search::distinct_terms(&w);
            (w, serde_json::json!(terms.iter().collect::<Vec<_>>()))
        })
        .collect();
    serde_json::json!({ "expected": expected }).to_string()
}

/// The URL of a document whose text has the word `has` but no word beginning with `never`.
fn only_says(index: &serde_json::Value, has: &str, never: &str) -> Option<String> {
    index["docs"].as_array()?.iter().find_map(|d| {
        let words: Vec<String> = d[3]
            .as_str()?
            .split(|c: char| !c.is_alphanumeric())
            .map(str::to_lowercase)
            .collect();
        (words.iter().any(|w| w == has) && !words.iter().any(|w| w.starts_with(never)))
            .then(|| d[0].as_str().unwrap_or("").to_string())
    })
}

/// The pages that keep a large site proportionate, on a generated site of three bodies: the
/// lists of reports, a comparison between bodies, and a page of a long report with its cut
/// table of contents.
#[test]
fn report_lists_comparisons_and_long_reports_meet_wcag_2_1_aa() {
    if !ready() {
        return;
    }
    let _one_at_a_time = lock();
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    crate::proportion::generate(&root, "https://example.se/insyn/");
    let (_built, site) = build(&root);
    let dir = artifacts("proportion");
    let run = check(
        &site,
        &dir,
        &page_args(&[
            ("alla-rapporter", "/insyn/rapporter/"),
            ("utgivarens-rapporter", "/insyn/rapporter/kommun-alfa/"),
            ("jamforelse", "/insyn/jamforelser/sjukfranvaro/2015/"),
            ("jamforelse-ar", "/insyn/jamforelser/sjukfranvaro/"),
            (
                "indikator-med-jamforelse",
                "/insyn/indikatorer/kommun-alfa/sjukfranvaro/",
            ),
            ("lang-rapport-del", "/insyn/kommun-alfa/2021-arsredovisning/15-del/"),
        ]),
    );
    assert!(
        run.code == Some(0),
        "the generated site fails WCAG 2.1 AA checks (exit {:?}):\n{}\n\nFull output: {}",
        run.code,
        problems(&run.output),
        dir.join("output.txt").display(),
    );
    assert!(run.output.contains("ok   vnu: 0 errors in "), "{}", run.output);
}

#[test]
fn broken_fixture_fails_the_browser_checks() {
    if !ready() {
        return;
    }
    let _one_at_a_time = lock();
    let fixture = manifest_dir().join("tests/fixtures/a11y-broken");
    let (_tmp, site) = build(&fixture);
    let dir = artifacts("a11y-broken");
    let run = check(&site, &dir, &page_args(&[("startsida", "/insyn/")]));
    assert_eq!(
        run.code,
        Some(1),
        "the checker must report the violations and exit 1:\n{}",
        run.output
    );
    let failures = problems(&run.output);
    for (what, needle) in [
        (
            "axe: the image without alt text",
            "FAIL axe: startsida /insyn/ @ 1280px: image-alt",
        ),
        (
            "axe: the image without alt text at 320 px",
            "FAIL axe: startsida /insyn/ @ 320px: image-alt",
        ),
        (
            "axe: the low-contrast paragraph",
            "FAIL axe: startsida /insyn/ @ 1280px: color-contrast",
        ),
        ("vnu: img without alt", "FAIL vnu: index.html:"),
        ("vnu: img without alt", "“img” element must have an “alt” attribute"),
        (
            "tables: a sentence that scrolls sideways",
            "FAIL table: startsida /insyn/ @ 320px: p “Tabellen nedan rullar i sidled",
        ),
        (
            "tables: a caption that scrolls sideways",
            "FAIL table: startsida /insyn/ @ 320px: caption “Gammal tabell”",
        ),
        (
            "tables: columns hidden though the window has room",
            "FAIL table: startsida /insyn/ @ 1280px: “Gammal tabell” hides",
        ),
        (
            "tables: columns cut without a cue",
            "FAIL table: startsida /insyn/ @ 320px: “Gammal tabell” cuts",
        ),
    ] {
        assert!(
            failures.contains(needle),
            "{what} was not reported ({needle}):\n{}",
            run.output
        );
    }
    // Only what the fixture broke: nothing about the theme itself.
    for line in failures.lines() {
        assert!(
            line.contains("image-alt")
                || line.contains("color-contrast")
                || line.contains("alt")
                || line.contains("Gammal tabell")
                || line.contains("Tabellen nedan"),
            "unexpected problem in the broken fixture: {line}"
        );
    }
}
