//! End-to-end: hostile and broken input. Whatever the input, the build either succeeds or
//! fails with clear messages, reads and writes nothing outside the site and its output, and
//! never leaves a damaged output behind — not even when it is killed.
//!
//! The 50 MB page and the 100 000 files run here at a hundredth of their size (the sites are
//! made by `examples/size.rs`, which builds them at full size with time and memory:
//! `cargo run --release --example size`); `INSYN_SIZE_SCALE=1` runs them at full size here.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SITE_TOML: &str = "title = \"Testregionen\"\nbase_url = \"https://example.se/insyn/\"\n";

/// A site in a fresh temporary directory: `site.toml` and the given files (paths relative
/// to the site root).
fn site(files: &[(&str, &str)]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    write(&root.join("site.toml"), SITE_TOML);
    for (path, text) in files {
        write(&root.join(path), text);
    }
    (tmp, root)
}

fn write(path: &Path, text: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Build and expect failure: stderr, with a check that nothing was written.
fn fails(root: &Path) -> String {
    let run = insyn(root, &["build"]);
    assert!(!run.ok, "the build should fail; stdout: {}", run.stdout);
    assert!(!root.join("public").exists(), "nothing written: {}", run.stderr);
    assert!(
        run.stderr.ends_with("ingenting skrevs.\n"),
        "every problem, then the count: {}",
        run.stderr
    );
    run.stderr
}

fn builds(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let run = insyn(root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    tree(&root.join("public"))
}

fn text_of(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(files.get(path).unwrap_or_else(|| panic!("{path} missing")).clone()).unwrap()
}

// ---- escaping -----------------------------------------------------------------------------

/// What an editor may paste anywhere; every bit of it must come out as text.
const H: &str = "<script>alert(1)</script> \"citat\" 'apostrof' ]]> {{ page.title }} {% if x %} & <b>fet</b>";

fn hostile_site() -> (tempfile::TempDir, PathBuf) {
    let q = |s: &str| serde_json::to_string(s).unwrap(); // a JSON string is a valid YAML and TOML string
    let toml = format!(
        "title = {}\nbase_url = \"https://example.se/insyn/\"\ndescription = {}\npublisher = {}\n",
        q(H),
        q(H),
        q(&format!("=HYPERLINK(\"x\") {H}"))
    );
    let report = format!(
        r#"---
title: {title}
description: {title}
date: 2024-03-15
rapport:
  typ: årsredovisning
  år: 2023
  organisation: {title}
  period: Helår 2023
---
Text med <script>alert(1)</script>, {{{{ page.title }}}}, {{% raw %}} och ]]> i.

<img src=x onerror=alert(1)>

```ekonomitabell
id: resultat
titel: {title}
enhet: mnkr
avvikelse: utfall − budget
rubriker: [{title}, Utfall, Budget, Avvikelse]
rader:
  - post: "=SUM(A1:A9)"
    utfall: -599,8
    budget: -608,8
    avvikelse: 9,0
  - post: "+46 35 13 48 00"
    utfall: 1
    budget: 1
  - post: "-x"
    utfall: 2
    budget: 1
  - post: "@cmd"
    utfall: 3
    budget: 1
  - post: {title}
    utfall: 4
    budget: 1
  - post: "\"citat\"; semikolon"
    utfall: 5
    budget: 1
  - post: "\ufeff=2+2"
    utfall: 6
    budget: 1
not: {title}
```

```tabell
id: serie
titel: {title}
enhet: index
kolumner: [{title}, "2022", "2023"]
diagram: linje
rader:
  - {{rad: {row}}}
```

```indikatorer
indikatorer:
  - id: nojdhet
    namn: {title}
    enhet: "%"
    utfall: 80
    mål: 75
    riktning: högre
    kommentar: {title}
    tidigare:
      - period: "2022"
        utfall: 78
```

```uppdrag
uppdrag:
  - id: ett
    titel: {title}
    status: uppfyllt
    kommentar: {title}
```

```nyckeltal
poster:
  - namn: {title}
    värde: 72,7
    enhet: mnkr
    text: {title}
```
"#,
        title = q(H),
        row = q(&format!("{} | 1 | 2", H.replace('|', "/")))
    );
    site(&[
        ("site.toml", &toml),
        ("content/_index.md", &format!("---\ntitle: {}\n---\n{H}\n", q(H))),
        ("content/r/_index.md", &report),
    ])
}

#[test]
fn editor_text_stays_text_in_html_attributes_svg_csv_json_and_the_feed() {
    let (_tmp, root) = hostile_site();
    let files = builds(&root);
    for (path, bytes) in &files {
        let Ok(text) = std::str::from_utf8(bytes) else { continue };
        if ![".html", ".xml", ".svg"].iter().any(|e| path.ends_with(e)) {
            // CSV and JSON are data: the editor's text exactly as written (checked below).
            continue;
        }
        assert!(!text.contains("<script>alert"), "{path} runs the editor's script");
        assert!(!text.contains("<img src=x"), "{path} has the editor's tag");
        assert!(!text.contains("<b>fet"), "{path} has the editor's markup");
        if path.ends_with(".html") {
            // The search page's script, and the table cue's on pages with tables: nothing else.
            let scripts = text.matches("<script").count();
            let own = usize::from(path == "sok/index.html") + text.matches("<script src=\"/insyn/tabell.").count();
            assert_eq!(scripts, own, "{path}: only the theme's own script");
            assert!(text.matches("<script src=\"/insyn/tabell.").count() <= 1, "{path}");
        }
        if path.ends_with(".xml") {
            assert!(!text.contains("]]>"), "{path}: ]]> escaped in XML");
        }
    }
    let page = text_of(&files, "r/index.html");
    // HTML text and attributes.
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;")
            || page.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
    );
    assert!(
        page.contains("{{ page.title }}"),
        "template syntax in content is not run"
    );
    assert!(page.contains("{% raw %}"), "template syntax in content is not run");
    assert!(
        page.contains("content=\"&lt;script&gt;") && page.contains("&quot;citat&quot;"),
        "attribute escaped"
    );
    // SVG: <title> and <desc> of the charts.
    let svg_title = page
        .split("<title id=\"block-serie-diagram-title\">")
        .nth(1)
        .expect("chart title");
    let svg_title = svg_title.split("</title>").next().unwrap();
    assert!(
        svg_title.contains("&lt;script&gt;") && svg_title.contains("&quot;citat&quot;"),
        "{svg_title}"
    );
    let desc = page
        .split("<desc id=\"block-resultat-staplar-desc\">")
        .nth(1)
        .expect("chart desc");
    assert!(desc.split("</desc>").next().unwrap().contains("&lt;script&gt;"));
    // CSV: no formulas where a number is not meant; numbers stay numbers.
    let csv = text_of(&files, "r/data/r-resultat.csv");
    for cell in [
        "'=SUM(A1:A9);",
        "'+46 35 13 48 00;",
        "'-x;",
        "'@cmd;",
        "'\u{feff}=2+2;",
        "\"\"\"citat\"\"; semikolon\";",
    ] {
        assert!(csv.contains(cell), "{cell} in {csv}");
    }
    assert!(csv.contains(";\"-599,8\";\"-608,8\";\"9,0\";"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(';') {
            let c = cell.trim_matches('"');
            if c.starts_with(['=', '+', '@'])
                || (c.starts_with('-') && !c[1..].chars().all(|x| x.is_ascii_digit() || x == ','))
            {
                panic!("the CSV cell {cell:?} could run as a formula");
            }
        }
    }
    let indicator_csv = text_of(&files, "indikatorer/data/indikator-nojdhet.csv");
    assert!(!indicator_csv.contains(";="), "{indicator_csv}");
    // JSON: the text as it was written, as JSON.
    let json: serde_json::Value = serde_json::from_str(&text_of(&files, "r/data/r-resultat.json")).unwrap();
    assert_eq!(json["rader"][0]["rad"], "=SUM(A1:A9)");
    assert_eq!(json["titel"], H);
    // The feed.
    let feed = text_of(&files, "atom.xml");
    assert!(
        feed.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &quot;citat&quot; "),
        "{feed}"
    );
    assert!(feed.contains("apostrof&#39; ]]&gt; {{ page.title }}") || feed.contains("apostrof&apos; ]]&gt; {{"));
}

#[test]
fn script_links_are_refused_with_file_and_line() {
    let (_tmp, root) = site(&[(
        "content/_index.md",
        "---\ntitle: Start\n---\n[a](javascript:alert(1))\n\n[b](JaVaScRiPt:alert(1))\n\n![c](data:text/html,x)\n\n[d][r]\n\n[r]: vbscript:x\n\n<javascript:alert(1)>\n\n<a href=\"javascript:alert(1)\">stannar text</a>\n",
    )]);
    let err = fails(&root);
    for line in [4, 6, 8, 10, 14] {
        assert!(
            err.contains(&format!("content/_index.md:{line}: fel: länken \"")),
            "line {line}: {err}"
        );
    }
    assert!(err.contains("använder javascript:, som kan köra kod"), "{err}");
    assert!(err.contains("5 fel hittades"), "the raw <a> is only text: {err}");
}

#[test]
fn report_original_and_contact_url_refuse_script_urls() {
    let (_tmp, root) = site(&[(
        "content/r/_index.md",
        "---\ntitle: R\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: X\n  original: \" javascript:alert(1)\"\n---\n",
    )]);
    let err = fails(&root);
    assert!(
        err.contains("content/r/_index.md:7:13: fel: original: \" javascript:alert(1)\" använder javascript:"),
        "{err}"
    );
    let (_tmp, root) = site(&[("content/_index.md", "---\ntitle: S\n---\n")]);
    write(
        &root.join("site.toml"),
        format!("{SITE_TOML}\n[accessibility]\ncontact_url = \"javascript:alert(1)\"\n"),
    );
    let err = fails(&root);
    assert!(
        err.contains("site.toml:5: fel: contact_url använder javascript:"),
        "{err}"
    );
}

// ---- paths --------------------------------------------------------------------------------

#[test]
fn slugs_and_links_cannot_leave_the_site() {
    for (slug, what) in [
        ("..", "ogiltigt slug"),
        ("../../etc", "ogiltigt slug"),
        ("/etc/passwd", "ogiltigt slug"),
        ("\"a/b\"", "ogiltigt slug"),
        ("con", "reserverat i Windows"),
        ("LPT1", "reserverat i Windows"),
    ] {
        let (_tmp, root) = site(&[("content/a.md", &format!("---\ntitle: A\nslug: {slug}\n---\n"))]);
        let err = fails(&root);
        assert!(err.starts_with("content/a.md: fel: "), "{slug}: {err}");
        assert!(err.contains(what), "{slug}: {err}");
    }
    let long = "a".repeat(150);
    let (_tmp, root) = site(&[("content/a.md", &format!("---\ntitle: A\nslug: {long}\n---\n"))]);
    assert!(fails(&root).contains("ogiltigt slug"));

    let (_tmp, root) = site(&[(
        "content/a/b.md",
        "---\ntitle: B\n---\nRad.\n\n[ut](../../../../etc/passwd)\n\n[rot](/../../etc/passwd)\n\n[win](..\\..\\x)\n",
    )]);
    let err = fails(&root);
    assert!(
        err.contains("content/a/b.md:6: fel: länken \"../../../../etc/passwd\" pekar utanför content/"),
        "{err}"
    );
    assert!(
        err.contains("content/a/b.md:8: fel: länken \"/../../etc/passwd\" pekar utanför webbplatsen"),
        "{err}"
    );
    assert!(err.contains("content/a/b.md:10: fel: länken"), "{err}");
}

#[test]
fn a_theme_or_template_name_cannot_be_a_path() {
    for theme in ["../../etc", "/etc", "a/b", ".."] {
        let (_tmp, root) = site(&[("content/_index.md", "---\ntitle: S\n---\n")]);
        write(&root.join("site.toml"), format!("{SITE_TOML}theme = \"{theme}\"\n"));
        let err = fails(&root);
        assert!(
            err.starts_with(&format!("site.toml:3: fel: theme = \"{theme}\" är inget temanamn")),
            "{err}"
        );
    }
    for template in [
        "../../../etc/passwd",
        "/etc/passwd",
        "blocks/tabell.html",
        "partials/report_nav.html",
    ] {
        let (_tmp, root) = site(&[("content/a.md", &format!("---\ntitle: A\ntemplate: {template}\n---\n"))]);
        let err = fails(&root);
        assert!(err.starts_with("content/a.md:3: fel: mallen"), "{template}: {err}");
    }
}

#[test]
fn reserved_and_unwritable_names_are_named() {
    let long = format!("content/{}.md", "a".repeat(220));
    for (path, what) in [
        ("content/CON.md", "reserverat i Windows"),
        ("content/aux/_index.md", "reserverat i Windows"),
        ("content/a/nul.png", "reserverat i Windows"),
        ("content/åux/_index.md", "reserverat i Windows"),
        ("content/punkt./a.md", "slutar med punkt"),
        ("content/fråga?.md", "tecken som inte fungerar"),
        (long.as_str(), "längre än 200 tecken"),
    ] {
        let (_tmp, root) = site(&[(path, "---\ntitle: X\n---\n")]);
        let err = fails(&root);
        let shown = &path[..path.len().min(40)];
        assert!(err.starts_with(shown), "{path}: {err}");
        assert!(err.contains(what), "{path}: {err}");
    }
    let (_tmp, root) = site(&[(
        "content/a.md",
        "---\ntitle: A\n---\n```uppdrag\nid: con\nuppdrag:\n  - id: nul\n    titel: X\n```\n",
    )]);
    let err = fails(&root);
    assert!(err.contains("content/a.md:5:5: fel: ogiltigt id \"con\""), "{err}");
    assert!(err.contains("content/a.md:7:9: fel: ogiltigt id \"nul\""), "{err}");
}

/// Every file below `dir`, to see that nothing outside changed.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(dir)
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_and_nothing_outside_is_read() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let outside = tmp.path().join("utanfor");
    write(&outside.join("hemlig.md"), "---\ntitle: HEMLIGT\n---\nHEMLIGT\n");
    write(&outside.join("hemlig.png"), "HEMLIGT");
    write(&outside.join("templates/page.html"), "HEMLIGT");
    write(&outside.join("site.toml"), SITE_TOML);
    let before = snapshot(&outside);
    let base = || {
        let root = tmp.path().join(format!("site{}", rand_suffix()));
        write(&root.join("site.toml"), SITE_TOML);
        write(&root.join("content/_index.md"), "---\ntitle: Start\n---\n");
        root
    };
    type Make<'a> = Box<dyn Fn(&Path) + 'a>;
    let cases: Vec<(&str, Make)> = vec![
        (
            "content/hemlig.md",
            Box::new(|r: &Path| symlink(outside.join("hemlig.md"), r.join("content/hemlig.md")).unwrap()),
        ),
        (
            "content/bild.png",
            Box::new(|r: &Path| symlink(outside.join("hemlig.png"), r.join("content/bild.png")).unwrap()),
        ),
        (
            "content/mapp",
            Box::new(|r: &Path| symlink(&outside, r.join("content/mapp")).unwrap()),
        ),
        (
            "static",
            Box::new(|r: &Path| symlink(&outside, r.join("static")).unwrap()),
        ),
        (
            "templates",
            Box::new(|r: &Path| symlink(outside.join("templates"), r.join("templates")).unwrap()),
        ),
        (
            "themes/insyn/templates",
            Box::new(|r: &Path| {
                std::fs::create_dir_all(r.join("themes/insyn")).unwrap();
                symlink(outside.join("templates"), r.join("themes/insyn/templates")).unwrap()
            }),
        ),
        (
            "content",
            Box::new(|r: &Path| {
                std::fs::remove_dir_all(r.join("content")).unwrap();
                symlink(&outside, r.join("content")).unwrap()
            }),
        ),
        (
            "site.toml",
            Box::new(|r: &Path| {
                std::fs::remove_file(r.join("site.toml")).unwrap();
                symlink(outside.join("site.toml"), r.join("site.toml")).unwrap()
            }),
        ),
        (
            "saknas.md",
            Box::new(|r: &Path| symlink(outside.join("finns-inte"), r.join("content/saknas.md")).unwrap()),
        ),
    ];
    for (name, make) in cases {
        let root = base();
        make(&root);
        let err = fails(&root);
        assert!(err.contains(name) && err.contains("symbolisk länk"), "{name}: {err}");
        assert!(!err.contains("HEMLIGT"), "{name}: {err}");
    }
    // A link that stays inside the site is fine.
    let root = base();
    write(&root.join("delad/bild.png"), "png");
    symlink(root.join("delad/bild.png"), root.join("content/bild.png")).unwrap();
    let files = builds(&root);
    assert_eq!(files["bild.png"], b"png");
    assert_eq!(snapshot(&outside), before, "nothing outside was touched");
}

fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    N.fetch_add(1, Ordering::Relaxed).to_string()
}

#[test]
fn nothing_is_written_outside_the_output_or_over_what_insyn_did_not_make() {
    let (tmp, root) = site(&[("content/_index.md", "---\ntitle: S\n---\n")]);
    write(&tmp.path().join("granne/viktig.txt"), "rör inte");
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let mut beside: Vec<String> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    beside.sort();
    assert_eq!(beside, ["granne", "site"]);
    let mut inside: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    inside.sort();
    assert_eq!(
        inside,
        [".public.insyn", ".public.insyn.lock", "content", "public", "site.toml"]
    );
    for (out, what) in [
        (".", "utdatamappen är webbplatsens mapp"),
        ("..", "utdatamappen är webbplatsens mapp"),
        ("content", "utdatamappen ligger i content/"),
        ("../granne", "innehåller annat än"),
    ] {
        let run = insyn(&root, &["build", "--output", out]);
        assert!(!run.ok, "--output {out}");
        assert!(run.stderr.contains(what), "--output {out}: {}", run.stderr);
    }
    assert_eq!(read(&tmp.path().join("granne/viktig.txt")), "rör inte");
    assert!(root.join("content/_index.md").exists());
}

// ---- files --------------------------------------------------------------------------------

#[test]
fn invalid_utf8_is_named_with_line_and_column() {
    let (_tmp, root) = site(&[("content/_index.md", "---\ntitle: S\n---\n")]);
    write(
        &root.join("content/a.md"),
        b"---\r\ntitle: \xc3\xa5\r\n---\r\n\xc3\xa5\xc3\xa4 \xe5 fel\r\n",
    );
    write(&root.join("content/b.md"), b"---\rtitle: B\r---\rRad\r\xff\r");
    let err = fails(&root);
    assert!(
        err.contains("content/a.md:4:4: fel: filen är inte sparad som UTF-8\n  tips: spara filen som UTF-8"),
        "{err}"
    );
    assert!(
        err.contains("content/b.md:5:1: fel: filen är inte sparad som UTF-8"),
        "{err}"
    );
    let (_tmp, root) = site(&[("content/_index.md", "---\ntitle: S\n---\n")]);
    write(
        &root.join("site.toml"),
        b"title = \"\xe5\"\nbase_url = \"https://example.se/\"\n",
    );
    assert!(fails(&root).contains("site.toml:1:10: fel: filen är inte sparad som UTF-8"));
}

/// Every text file of the report fixture as a Windows editor saves it: BOM and CRLF.
#[test]
fn bom_and_crlf_give_the_same_site_byte_for_byte() {
    let (_tmp, plain) = copy_fixture("report");
    let expected = builds(&plain);
    for (style, convert) in [
        (
            "crlf+bom",
            (|t: &str| format!("\u{feff}{}", t.replace('\n', "\r\n"))) as fn(&str) -> String,
        ),
        ("cr", |t: &str| t.replace('\n', "\r")),
    ] {
        let (_tmp2, root) = copy_fixture("report");
        let mut converted = 0;
        for e in walkdir::WalkDir::new(&root) {
            let e = e.unwrap();
            let p = e.path();
            let textual = p.extension().is_some_and(|x| x == "md" || x == "toml");
            if e.file_type().is_file() && textual && !p.starts_with(root.join("public")) {
                let text = read(p);
                assert_ne!(convert(&text), text, "{style}: {} has line breaks", p.display());
                std::fs::write(p, convert(&text)).unwrap();
                converted += 1;
            }
        }
        assert!(converted >= 8, "{style}: every text file converted ({converted})");
        let got = builds(&root);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            expected.keys().collect::<Vec<_>>(),
            "{style}"
        );
        for (k, v) in &expected {
            assert!(v == &got[k], "{style}: {k} differs");
        }
    }
}

#[test]
fn empty_files_have_a_clear_outcome() {
    let (_tmp, root) = site(&[("content/_index.md", "")]);
    assert!(fails(&root).starts_with("content/_index.md:1: fel: filen är tom"));
    let (_tmp, root) = site(&[("content/_index.md", "\u{feff}")]);
    assert!(fails(&root).starts_with("content/_index.md:1: fel: filen är tom"));
    let (_tmp, root) = site(&[("content/_index.md", "---\n---\n")]);
    assert!(fails(&root).contains("front matter är tom"));
    let (_tmp, root) = site(&[("content/_index.md", "---\ntitle: S\n---\n```tabell\n```\n")]);
    assert!(fails(&root).contains("content/_index.md:4: fel: blocket \"tabell\" är tomt"));
    let (_tmp, root) = site(&[("content/_index.md", "---\ntitle: S\n---\n")]);
    write(&root.join("site.toml"), "");
    assert!(
        fails(&root).starts_with("site.toml:1: fel: nyckeln \"title\" saknas\n"),
        "an empty site.toml names its first missing key"
    );
    // An empty picture or static file is copied as it is.
    let (_tmp, root) = site(&[
        ("content/_index.md", "---\ntitle: S\n---\n"),
        ("content/tom.png", ""),
        ("static/tom.txt", ""),
    ]);
    let files = builds(&root);
    assert_eq!(files["tom.png"], b"");
    assert_eq!(files["tom.txt"], b"");
}

// ---- numbers ------------------------------------------------------------------------------

#[test]
fn numbers_are_exact_or_a_clear_error() {
    let (_tmp, root) = site(&[(
        "content/_index.md",
        "---\ntitle: S\n---\n```nyckeltal\nposter:\n  - {namn: a, värde: NaN}\n  - {namn: b, värde: .inf}\n  - {namn: c, värde: 1e400}\n  - {namn: d, värde: \"1 000 000 000 000 000\"}\n  - {namn: e, värde: \"0,00000000001\"}\n  - {namn: f, värde: 0x1F}\n  - {namn: g, värde: \"9,92%\"}\n  - {namn: h, värde: \"1.234,5\"}\n```\n",
    )]);
    let err = fails(&root);
    // One block, one problem shown (the YAML stops at the first), at its line and column.
    assert!(err.starts_with("content/_index.md:6:"), "{err}");
    assert!(err.contains("\"NaN\" är inget tal"), "{err}");
    for (value, message) in [
        (".inf", "\".inf\" är inget tal"),
        ("1e400", "\"1e400\" är skrivet i exponentform"),
        (
            "\"1 000 000 000 000 000\"",
            "är för stort: högst 15 siffror före decimaltecknet",
        ),
        ("\"0,00000000001\"", "har fler än 10 decimaler"),
        ("0x1F", "hör inte hemma i ett tal"),
        ("\"9,92%\"", "innehåller ett procenttecken"),
        ("\"1.234,5\"", "har flera skiljetecken"),
        ("-.nan", "är inget tal"),
    ] {
        let (_tmp, root) = site(&[(
            "content/_index.md",
            &format!("---\ntitle: S\n---\n```nyckeltal\nposter:\n  - namn: a\n    värde: {value}\n```\n"),
        )]);
        let err = fails(&root);
        assert!(err.starts_with("content/_index.md:7:12: fel: "), "{value}: {err}");
        assert!(err.contains(message), "{value}: {err}");
    }
    let (_tmp, root) = site(&[(
        "content/_index.md",
        "---\ntitle: S\n---\n```nyckeltal\nid: tal\nposter:\n  - {namn: noll, värde: \"-0\"}\n  - {namn: stort, värde: \"-999 999 999 999 999,9999999999\"}\n  - {namn: litet, värde: \"0,0000000001\"}\n  - {namn: minus, värde: \"−0,50\"}\n```\n",
    )]);
    let files = builds(&root);
    let html = text_of(&files, "index.html");
    for shown in ["0", "−999 999 999 999 999,9999999999", "0,0000000001", "−0,50"] {
        assert!(html.contains(&shown.replace(' ', "\u{a0}")), "{shown} in {html}");
    }
    assert!(!html.contains("−0<"), "no negative zero");
    let json: serde_json::Value = serde_json::from_str(&text_of(&files, "data/startsida-tal.json")).unwrap();
    let values: Vec<&str> = json["nyckeltal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["värde"].as_str().unwrap())
        .collect();
    assert_eq!(values, ["0", "-999999999999999.9999999999", "0.0000000001", "-0.50"]);
    let csv = text_of(&files, "data/startsida-tal.csv");
    assert!(csv.contains("stort;\"-999999999999999,9999999999\";"), "{csv}");
}

#[test]
fn sums_too_large_to_be_exact_are_refused_not_rounded() {
    // Each value is within the bounds; 8 000 of them no longer add up exactly in 28 digits.
    let mut rows = String::new();
    for _ in 0..8000 {
        rows.push_str("  - Post | 999 999 999 999 999,9999999999 | 0 | 999 999 999 999 999,9999999999\n");
    }
    let (_tmp, root) = site(&[(
        "content/_index.md",
        &format!(
            "---\ntitle: S\n---\n```ekonomitabell\ntitel: Stor\nenhet: kr\navvikelse: utfall − budget\ndiagram: false\nrader:\n{rows}```\n"
        ),
    )]);
    let err = fails(&root);
    assert!(
        err.contains(
            "content/_index.md:10:3: fel: summorna i tabellen \"Stor\" blir för stora för att räknas ut exakt"
        ),
        "{}",
        &err[..err.len().min(2000)]
    );
    assert!(err.ends_with("1 fel hittades; ingenting skrevs.\n"));
}

// ---- interrupted builds -------------------------------------------------------------------

/// A site large enough that writing it takes a while: `n` pages with a table each.
fn big_site(root: &Path, n: usize, version: &str) {
    write(&root.join("site.toml"), SITE_TOML);
    write(
        &root.join("content/_index.md"),
        format!("---\ntitle: Start {version}\n---\n"),
    );
    for i in 0..n {
        write(
            &root.join(format!("content/avsnitt-{}/sida-{i}.md", i % 20)),
            format!(
                "---\ntitle: Sida {i} {version}\n---\nText {version}.\n\n```tabell\ntitel: T{i}\nenhet: tkr\nkolumner: [Post, \"2022\", \"2023\"]\ndiagram: stapel\nrader:\n  - A | {i} | 2\n  - B | 3 | {i}\n```\n"
            ),
        );
    }
    for s in 0..20 {
        write(
            &root.join(format!("content/avsnitt-{s}/_index.md")),
            format!("---\ntitle: Avsnitt {s}\n---\n"),
        );
    }
}

fn leftovers(parent: &Path) -> Vec<String> {
    std::fs::read_dir(parent)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("insyn-"))
        .collect()
}

/// When to kill a build: after a time, or as soon as something appears beside the output.
#[derive(Debug, Clone, Copy)]
enum Moment {
    After(Duration),
    /// The staging directory exists (the write has begun).
    Staging,
    /// The staging directory holds at least this many entries at its top.
    StagingFilled(usize),
    /// The marker beside the output has been written again (the swap is next).
    Marked,
}

fn staging_entries(root: &Path) -> Option<usize> {
    let dir = std::fs::read_dir(root)
        .ok()?
        .filter_map(|e| e.ok())
        .find(|e| e.file_name().to_string_lossy().starts_with(".public.insyn-tmp-"))?;
    Some(std::fs::read_dir(dir.path()).map(|d| d.count()).unwrap_or(0))
}

/// Start a build, kill it at `moment`; true when it was killed before it finished.
fn build_and_kill(root: &Path, moment: Moment) -> bool {
    let marker = root.join(".public.insyn");
    let marked = std::fs::metadata(&marker).and_then(|m| m.modified()).ok();
    let mut child = Command::new(env!("CARGO_BIN_EXE_insyn"))
        .arg("build")
        .current_dir(root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return false;
        }
        let now = match moment {
            Moment::After(d) => start.elapsed() >= d,
            Moment::Staging => staging_entries(root).is_some(),
            Moment::StagingFilled(n) => staging_entries(root).is_some_and(|c| c >= n),
            Moment::Marked => std::fs::metadata(&marker).and_then(|m| m.modified()).ok() != marked,
        };
        if now || start.elapsed() > Duration::from_secs(120) {
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let _ = child.kill();
    child.wait().unwrap();
    true
}

#[test]
fn a_build_killed_at_any_moment_leaves_the_previous_output_and_the_next_build_succeeds() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let n = 300;
    // The two versions of the site, each built once in full to know its output.
    big_site(&root, n, "A");
    assert!(insyn(&root, &["build", "--output", "../a"]).ok);
    big_site(&root, n, "B");
    assert!(insyn(&root, &["build", "--output", "../b"]).ok);
    let (a, b) = (tree(&tmp.path().join("a")), tree(&tmp.path().join("b")));
    assert_ne!(a, b);
    // How long a build over an existing output takes here and now.
    big_site(&root, n, "A");
    assert!(insyn(&root, &["build"]).ok);
    let start = Instant::now();
    assert!(insyn(&root, &["build"]).ok);
    let duration = start.elapsed();

    let out = root.join("public");
    let mut current = "A";
    let mut moments = vec![
        Moment::Staging,
        Moment::StagingFilled(5),
        Moment::StagingFilled(15),
        Moment::Marked,
        Moment::Marked,
    ];
    // Then in even steps from the start to past the end of a build, until builds finish.
    moments.extend((0..36).map(|i| Moment::After(duration.mul_f64(i as f64 / 12.0))));
    let (mut killed, mut finished) = (0, 0);
    for moment in moments {
        let next = if current == "A" { "B" } else { "A" };
        big_site(&root, n, next);
        if build_and_kill(&root, moment) {
            killed += 1;
        } else {
            finished += 1;
        }
        assert!(out.is_dir(), "killed at {moment:?}: public/ is gone");
        let now = tree(&out);
        let (old, new) = if current == "A" { (&a, &b) } else { (&b, &a) };
        if &now == new {
            current = next;
        } else {
            assert!(
                &now == old,
                "killed at {moment:?}: public/ is neither the old nor the new site ({} files)",
                now.len()
            );
        }
        if finished >= 3 {
            break;
        }
    }
    assert!(
        killed >= 10,
        "builds were killed mid-way ({killed}, {finished} finished)"
    );
    // The next build succeeds, leaves no staging directories, and gives the new site.
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let last = if read(&root.join("content/_index.md")).contains("Start B") {
        &b
    } else {
        &a
    };
    assert!(&tree(&out) == last, "the next build gives the whole new site");
    assert!(leftovers(&root).is_empty(), "{:?}", leftovers(&root));
}

// ---- size ---------------------------------------------------------------------------------

#[path = "../../examples/size.rs"]
mod size;

/// How much smaller than the README's sizes the size tests build (default: a hundredth).
fn size_scale() -> usize {
    std::env::var("INSYN_SIZE_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100usize)
        .max(1)
}

/// The README's 50 MB page (at a hundredth of the size in CI): one long report page.
#[test]
fn a_50_mb_content_file() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let bytes = size::PAGE_BYTES / size_scale();
    let sections = size::page_site(&root, bytes);
    let start = Instant::now();
    let files = builds(&root);
    eprintln!(
        "{:.1} MB: {sections} avsnitt byggda på {:.1} s",
        bytes as f64 / 1048576.0,
        start.elapsed().as_secs_f64()
    );
    assert!(files["stor/index.html"].len() > bytes);
    let html = String::from_utf8_lossy(&files["stor/index.html"]);
    assert!(html.contains(&format!("id=\"avsnitt-{}\"", sections - 1)));
    assert!(!html.contains("<script>alert"));
}

/// A 50 MB table block: refused at once with its size, before it is read.
#[test]
fn a_50_mb_block_is_refused_at_once() {
    let mut yaml = String::from("```ekonomitabell\ntitel: Stor\nenhet: tkr\navvikelse: utfall − budget\nrader:\n");
    while yaml.len() < 50 * 1024 * 1024 {
        yaml.push_str("  - Regionkontoret | -599,8 | -608,8 | 1,0\n");
    }
    yaml.push_str("```\n");
    let (_tmp, root) = site(&[("content/_index.md", &format!("---\ntitle: S\n---\n{yaml}"))]);
    let err = fails(&root);
    assert_eq!(
        err,
        "content/_index.md:4: fel: blocket \"ekonomitabell\" är 50 MB; högst 4 MB ryms i ett block\n  \
         tips: dela upp det i flera block, eller lägg hela materialet i en fil bredvid sidan och länka till den\n\
         1 fel hittades; ingenting skrevs.\n"
    );
}

/// Rows are counted, not lines: 20 001 rows written on one line are refused too.
#[test]
fn rows_on_one_line_are_counted() {
    let rows = vec!["\"A | 1\""; 20_001].join(", ");
    let body = format!("---\ntitle: S\n---\n```tabell\ntitel: T\nkolumner: [Post, Värde]\nrader: [{rows}]\n```\n");
    let (_tmp, root) = site(&[("content/_index.md", &body)]);
    let err = fails(&root);
    assert_eq!(
        err,
        "content/_index.md:4: fel: blocket \"tabell\" har 20001 rader; högst 20000 ryms i en tabell\n  \
         tips: dela upp det i flera block, eller lägg hela materialet i en fil bredvid sidan och länka till den\n\
         1 fel hittades; ingenting skrevs.\n"
    );
}

/// A large table whose every row is wrong: the first problems with their lines, then a
/// count — not a hang, and not a million lines.
#[test]
fn every_wrong_row_of_a_large_table_is_counted_not_listed() {
    let mut yaml =
        String::from("```ekonomitabell\ntitel: Stor\nenhet: tkr\navvikelse: utfall − budget\ndiagram: false\nrader:\n");
    for i in 0..19_000 {
        yaml.push_str(&format!("  - Post {i} | -599,8 | -608,8 | 1,0\n"));
    }
    yaml.push_str("```\n");
    let (_tmp, root) = site(&[("content/_index.md", &format!("---\ntitle: S\n---\n{yaml}"))]);
    let err = fails(&root);
    assert!(
        err.starts_with("content/_index.md:4: fel: … och 18950 fel till i samma block\n"),
        "{}",
        &err[..500]
    );
    assert!(
        err.contains(
            "content/_index.md:10:32: fel: kolumnen \"Avvikelse\" (utfall − budget) för \"Post 0\" stämmer inte"
        ),
        "{}",
        &err[..500]
    );
    assert!(err.ends_with("51 fel hittades; ingenting skrevs.\n"));
}

/// The README's 100 000 files (at a hundredth in CI): pages, pictures beside them and static
/// files.
#[test]
fn a_hundred_thousand_files() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("site");
    let count = size::FILES / size_scale();
    size::many_files_site(&root, count);
    let start = Instant::now();
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", &run.stderr[..run.stderr.len().min(2000)]);
    eprintln!(
        "{count} filer: {} på {:.1} s",
        run.stdout.trim(),
        start.elapsed().as_secs_f64()
    );
    let written = tree(&root.join("public")).len();
    assert!(written >= count, "{written} of {count} files");
}
