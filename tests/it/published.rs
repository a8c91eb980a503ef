//! End-to-end: what gets published. Nothing active on the site's origin, nothing hidden,
//! nothing from outside the site (not even when a file is swapped during the build), no draft
//! saved with an upper-case extension, downloads and feeds that programs read safely, and the
//! owner's own files in the output never deleted without a word.

use crate::common::*;
use std::path::{Path, PathBuf};

const SITE_TOML: &str = "title = \"Testregionen\"\nbase_url = \"https://example.se/insyn/\"\n";

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

fn fails(root: &Path) -> String {
    let run = insyn(root, &["build"]);
    assert!(!run.ok, "the build should fail; stdout: {}", run.stdout);
    run.stderr
}

fn builds(root: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let run = insyn(root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    tree(&root.join("public"))
}

const START: (&str, &str) = ("content/_index.md", "---\ntitle: Start\n---\nText.\n");

#[test]
fn active_content_beside_pages_is_refused_with_file_and_hint() {
    let cases = [
        (
            "content/a.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        ),
        (
            "content/b.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        ),
        (
            "content/c.SVG",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><a href=\"&#106;avascript:alert(1)\"><text>x</text></a></svg>",
        ),
        (
            "content/d.svg",
            "<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;alert(1)&#60;/script&#62;\">]><svg>&x;</svg>",
        ),
        (
            "content/e.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject><body xmlns=\"http://www.w3.org/1999/xhtml\"/></foreignObject></svg>",
        ),
        ("content/sida.html", "<script>alert(1)</script>"),
        ("content/sida2.HTM", "<script>alert(1)</script>"),
        ("content/skript.js", "alert(1)"),
        ("content/data.xml", "<x/>"),
    ];
    for (path, text) in cases {
        let (_tmp, root) = site(&[START, (path, text)]);
        let err = fails(&root);
        assert!(err.contains(path), "{path}: {err}");
        assert!(err.contains("tips:"), "{path}: {err}");
        assert!(!root.join("public").exists());
    }
    // A drawing without scripts, a picture and a PDF are published as they are.
    let clean = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 10 10\"><title>Karta</title><a href=\"#x\"><rect width=\"5\" height=\"5\"/></a></svg>";
    let (_tmp, root) = site(&[
        START,
        ("content/karta.svg", clean),
        ("content/bild.PNG", "png"),
        ("content/rapport.pdf", "%PDF"),
    ]);
    let files = builds(&root);
    assert_eq!(files["karta.svg"], clean.as_bytes());
    assert_eq!(files["bild.PNG"], b"png");
    assert_eq!(files["rapport.pdf"], b"%PDF");
}

#[cfg(unix)]
#[test]
fn links_to_hidden_files_of_the_site_are_refused() {
    use std::os::unix::fs::symlink;
    let (_tmp, root) = site(&[START, (".env", "HEMLIGT=1"), (".git/config", "[remote] token=HEMLIGT")]);
    symlink("../.env", root.join("content/miljo.txt")).unwrap();
    symlink("../.git/config", root.join("content/config.txt")).unwrap();
    symlink(root.join(".git"), root.join("content/git")).unwrap();
    let err = fails(&root);
    assert!(err.contains("content/miljo.txt") && err.contains("dold"), "{err}");
    assert!(err.contains("content/config.txt"), "{err}");
    assert!(!err.contains("HEMLIGT"));
}

/// A file checked at load and swapped for a link to a file outside the site before the copy:
/// the copy refuses it instead of publishing the outside file.
#[cfg(unix)]
#[test]
fn a_file_swapped_for_a_link_during_the_build_is_not_published() {
    let (tmp, root) = site(&[START, ("content/bild.png", "png")]);
    write(&tmp.path().join("hemlig.png"), "HEMLIGT");
    let out = tmp.path().join("ut");
    let swap = || {
        std::fs::remove_file(root.join("content/bild.png")).unwrap();
        std::os::unix::fs::symlink(tmp.path().join("hemlig.png"), root.join("content/bild.png")).unwrap();
    };
    let built = insyn::pipeline::run(
        &insyn::pipeline::Options {
            root: root.clone(),
            base_url: None,
            drafts: false,
            compress: false,
        },
        &mut insyn::pipeline::Memo::once(),
        &insyn::pipeline::Changed::Anything,
        None,
    )
    .unwrap_or_else(|d| panic!("{d}"));
    swap();
    let result = insyn::write::write(&built.plan, &out).map_err(insyn::diagnostics::Diagnostics::from);
    let err = result.expect_err("the swapped file is refused").render();
    assert!(err.contains("content/bild.png"), "{err}");
    assert!(!out.join("bild.png").exists() || read(&out.join("bild.png")) != "HEMLIGT");
}

#[test]
fn upper_case_extensions_are_what_they_are_in_lower_case() {
    let (_tmp, root) = site(&[
        START,
        (
            "content/Utkast.MD",
            "---\ntitle: Utkast\ndraft: true\n---\nHEMLIGT UTKAST\n",
        ),
        ("content/Sida.Md", "---\ntitle: Sida\n---\nPublicerad text.\n"),
    ]);
    let files = builds(&root);
    assert!(!files.keys().any(|k| k.contains("Utkast")), "{:?}", files.keys());
    assert!(!files.values().any(|b| String::from_utf8_lossy(b).contains("HEMLIGT")));
    assert!(text(&files, "sida/index.html").contains("Publicerad text."));
    // Two files that would be the same page.
    let (_tmp, root) = site(&[
        START,
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("content/a.MD", "---\ntitle: B\n---\n"),
    ]);
    let err = fails(&root);
    assert!(err.contains("content/a.MD") && err.contains("content/a.md"), "{err}");
}

fn text(files: &std::collections::BTreeMap<String, Vec<u8>>, path: &str) -> String {
    String::from_utf8(
        files
            .get(path)
            .unwrap_or_else(|| panic!("{path} missing: {:?}", files.keys()))
            .clone(),
    )
    .unwrap()
}

#[test]
fn csv_fields_are_quoted_for_any_separator_and_never_formulas() {
    let table = "---\ntitle: Start\n---\n```tabell\nid: t\ntitel: T\nenhet: tkr\nkolumner: [Post, Utfall]\nrader:\n  - Drift,=1+1 | 1,5\n  - \u{200e}=2+2 | 2\n  - \u{202e}=3+3 | 3\n  - \u{2061}=4+4 | 4\n  - \u{ad}=5+5 | 5\n  - Vanlig | 6\n```\n";
    let (_tmp, root) = site(&[("content/_index.md", table)]);
    let files = builds(&root);
    let csv = text(&files, "data/startsida-t.csv");
    assert!(csv.contains(";\"Drift,=1+1\";\"1,5\";"), "{csv:?}");
    for invisible in ['\u{200e}', '\u{202e}', '\u{2061}', '\u{ad}'] {
        assert!(
            csv.contains(&format!("'{invisible}=")),
            "{invisible:?} then = in {csv:?}"
        );
    }
    assert!(csv.contains(";Vanlig;6;"), "{csv:?}");
}

#[test]
fn xml_and_text_files_hold_only_what_their_format_allows() {
    let (_tmp, root) = site(&[
        START,
        (
            "content/r/_index.md",
            "---\ntitle: \"Rapport \\uFFFE och \\uFFFF och \\u0001 och \\uD7FF\"\nrapport:\n  typ: årsredovisning\n  år: 2023\n  organisation: \"Org \\uFFFF\"\n---\n",
        ),
    ]);
    let files = builds(&root);
    for name in ["atom.xml", "sitemap.xml"] {
        let xml = text(&files, name);
        for c in xml.chars() {
            let ok = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
            assert!(ok, "{name} holds {c:?}, which XML forbids");
        }
    }
    assert!(text(&files, "atom.xml").contains("Rapport"));
    // A base_url that would add lines to robots.txt is refused where it is written.
    for bad in [
        "https://example.se/\\nSitemap: https://ond.example/",
        "https://example.se/\\u0000x/",
    ] {
        let (_tmp, root) = site(&[START]);
        write(
            &root.join("site.toml"),
            format!("title = \"T\"\nbase_url = \"{bad}\"\n"),
        );
        let err = fails(&root);
        assert!(err.starts_with("site.toml:2: fel: base_url"), "{err}");
    }
    let (_tmp, root) = site(&[START]);
    let run = insyn(&root, &["build", "--base-url", "https://example.se/\nDisallow: /"]);
    assert!(!run.ok && run.stderr.contains("base_url"), "{}", run.stderr);
}

#[test]
fn the_owners_files_in_the_output_are_never_deleted() {
    let (_tmp, root) = site(&[START]);
    builds(&root);
    write(&root.join("public/CNAME"), "rapporter.example.se");
    write(&root.join("public/.git/HEAD"), "ref: refs/heads/gh-pages");
    let err = fails(&root);
    assert!(err.contains("public/CNAME") && err.contains("public/.git"), "{err}");
    assert!(err.contains("static/"), "{err}");
    assert_eq!(read(&root.join("public/CNAME")), "rapporter.example.se");
    assert!(root.join("public/.git/HEAD").exists());
    // Kept in static/, it is published by every build.
    std::fs::remove_file(root.join("public/CNAME")).unwrap();
    std::fs::remove_dir_all(root.join("public/.git")).unwrap();
    write(&root.join("static/CNAME"), "rapporter.example.se");
    let files = builds(&root);
    assert_eq!(files["CNAME"], b"rapporter.example.se");
    // Nothing of Insyn's own bookkeeping is published.
    assert!(!files.keys().any(|k| k.contains("insyn")), "{:?}", files.keys());
    builds(&root);
}

#[test]
fn a_static_file_where_a_page_goes_fails_check_with_both_files_named() {
    let (_tmp, root) = site(&[START, ("content/x.md", "---\ntitle: X\n---\n"), ("static/x", "fil")]);
    let run = insyn(&root, &["check"]);
    assert!(!run.ok, "check finds what build would fail on");
    assert!(
        run.stderr.contains("static/x") && run.stderr.contains("content/x.md"),
        "{}",
        run.stderr
    );
    let err = fails(&root);
    assert!(err.contains("static/x") && err.contains("content/x.md"), "{err}");
}

#[test]
fn hidden_files_and_folders_are_not_published() {
    let (_tmp, root) = site(&[
        START,
        ("content/.utkast/hemlig.md", "---\ntitle: Hemlig\n---\nHEMLIGT\n"),
        ("content/.env", "HEMLIGT=1"),
        ("content/a/.DS_Store", "HEMLIGT"),
        ("static/.git/config", "HEMLIGT"),
    ]);
    let files = builds(&root);
    assert!(
        !files
            .keys()
            .any(|k| k.contains("utkast") || k.contains(".env") || k.contains(".git") || k.contains(".DS")),
        "{:?}",
        files.keys()
    );
    assert!(!files.values().any(|b| String::from_utf8_lossy(b).contains("HEMLIGT")));
}
