//! End-to-end: the build under odd conditions — pathological Markdown, `insyn new` with
//! hostile names and links, two builds at once, FIFOs, an old output that cannot be removed,
//! names saved decomposed, an input folder that is a link — and messages that name the file
//! that is wrong.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SITE_TOML: &str = "title = \"Testregionen\"\nbase_url = \"https://example.se/insyn/\"\n";
const START: (&str, &str) = ("content/_index.md", "---\ntitle: Start\n---\nText.\n");

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

fn fails(root: &Path, args: &[&str]) -> String {
    let run = insyn(root, args);
    assert!(!run.ok, "{args:?} should fail; stdout: {}", run.stdout);
    run.stderr
}

/// Run insyn, but give up (and fail) after `secs`: for inputs that once made it hang.
fn within(root: &Path, args: &[&str], secs: u64) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_insyn"))
        .args(args)
        .current_dir(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("insyn {args:?} did not finish within {secs} s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    Run {
        ok: out.status.success(),
        stdout: String::from_utf8_lossy(&out.stdout).into(),
        stderr: String::from_utf8_lossy(&out.stderr).into(),
    }
}

// ---- item 14: linear work -------------------------------------------------------------------

#[test]
fn twenty_thousand_bare_headings_build() {
    // Quadratic work here once took minutes; the watchdog catches a hang, the benchmark
    // (examples/phases.rs) the speed.
    let body = "#\n".repeat(20_000);
    let (_tmp, root) = site(&[("content/_index.md", &format!("---\ntitle: Start\n---\n{body}"))]);
    let run = within(&root, &["build"], 300);
    assert!(run.ok, "{}", run.stderr);
    let html = read(&root.join("public/index.html"));
    assert!(html.contains("id=\"avsnitt-20000\""));
}

// ---- item 15: insyn new ---------------------------------------------------------------------

#[cfg(unix)]
#[test]
fn new_report_never_writes_through_a_link_out_of_the_site() {
    let (tmp, root) = site(&[START]);
    let outside = tmp.path().join("utanfor");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("content/regionstyrelsen")).unwrap();
    let err = fails(&root, &["new", "report", "Regionstyrelsen", "2025", "arsredovisning"]);
    assert!(
        err.contains("content/regionstyrelsen") && err.contains("symbolisk länk"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&outside).unwrap().count(),
        0,
        "nothing written outside"
    );
}

#[test]
fn new_report_keeps_the_organisation_name_exactly() {
    for org in [
        "Nämnd # 2",
        "X: Y",
        "\"Citat\" & 'apostrof'",
        "# Nämnd",
        "{a: b}",
        "[hakar]",
        "ja",
    ] {
        let (_tmp, root) = site(&[START]);
        let run = insyn(&root, &["new", "report", org, "2025", "arsredovisning"]);
        assert!(run.ok, "{org}: {}", run.stderr);
        let run = insyn(&root, &["build", "--drafts"]);
        assert!(run.ok, "{org}: {}", run.stderr);
        let feed = read(&root.join("public/atom.xml"));
        let escaped = org.replace('&', "&amp;").replace('"', "&quot;").replace('\'', "&#39;");
        assert!(feed.contains(&format!("<name>{escaped}</name>")), "{org}: {feed}");
    }
}

// ---- item 17: two builds at once --------------------------------------------------------------

#[test]
fn a_second_build_into_the_same_output_says_another_build_is_writing() {
    let (_tmp, root) = site(&[START]);
    for i in 0..300 {
        write(
            &root.join(format!("content/s{}/p{i}.md", i % 10)),
            format!(
                "---\ntitle: Sida {i}\n---\n```tabell\ntitel: T{i}\nenhet: tkr\nkolumner: [Post, \"2023\"]\nrader:\n  - A | {i}\n```\n"
            ),
        );
    }
    assert!(insyn(&root, &["build"]).ok);
    let before = tree(&root.join("public"));
    // While another build holds the output, a build stops and says so.
    let lock = std::fs::OpenOptions::new()
        .write(true)
        .open(root.join(".public.insyn.lock"))
        .unwrap();
    lock.lock().unwrap();
    let run = insyn(&root, &["build"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("ett annat bygge skriver redan"), "{}", run.stderr);
    assert_eq!(tree(&root.join("public")), before);
    drop(lock);
    // Two builds started together: each succeeds or says that the other is writing; never
    // anything else, and the output is whole.
    write(&root.join("content/_index.md"), "---\ntitle: Start 2\n---\n");
    let spawn = || {
        Command::new(env!("CARGO_BIN_EXE_insyn"))
            .arg("build")
            .current_dir(&root)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    };
    let (a, b) = (spawn(), spawn());
    for out in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success() || err.contains("ett annat bygge skriver redan"),
            "{err}"
        );
    }
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(read(&root.join("public/index.html")).contains("Start 2"));
    assert_eq!(tree(&root.join("public")).len(), before.len());
}

// ---- item 18: FIFOs, leftovers, NFD names, linked input folders --------------------------------

#[cfg(unix)]
#[test]
fn a_fifo_for_site_toml_is_refused_not_waited_on() {
    let (_tmp, root) = site(&[START]);
    std::fs::remove_file(root.join("site.toml")).unwrap();
    assert!(
        Command::new("mkfifo")
            .arg(root.join("site.toml"))
            .status()
            .unwrap()
            .success()
    );
    for cmd in ["build", "check"] {
        let run = within(&root, &[cmd], 20);
        assert!(!run.ok);
        assert!(
            run.stderr.contains("site.toml") && run.stderr.contains("ingen vanlig fil"),
            "{}",
            run.stderr
        );
    }
}

/// An old output that cannot be removed after the swap is reported, not left silently, and
/// the next build removes it.
#[cfg(target_os = "linux")]
#[test]
fn an_old_output_that_cannot_be_removed_is_reported() {
    let (_tmp, root) = site(&[START]);
    assert!(insyn(&root, &["build"]).ok);
    // A file of the old output the system will not delete: immutable for root, in a
    // read-only folder otherwise.
    let stuck = root.join("public/sok");
    let root_user = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let lock = |dir: &Path, on: bool| {
        if root_user {
            let flag = if on { "+i" } else { "-i" };
            assert!(
                Command::new("chattr")
                    .arg(flag)
                    .arg(dir.join("index.html"))
                    .status()
                    .unwrap()
                    .success()
            );
        } else {
            use std::os::unix::fs::PermissionsExt;
            let mode = if on { 0o555 } else { 0o755 };
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    };
    lock(&stuck, true);
    let leftovers = || -> Vec<String> {
        std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("insyn-"))
            .collect()
    };
    let run = insyn(&root, &["build"]);
    let left = leftovers();
    if let Some(old) = left.first() {
        lock(&root.join(old).join("sok"), false);
    } else {
        lock(&stuck, false);
    }
    assert!(run.ok, "{}", run.stderr);
    assert_eq!(left.len(), 1, "the old output could not be removed: {left:?}");
    let all = format!("{}{}", run.stdout, run.stderr);
    assert!(all.contains(&left[0]) && all.contains("kunde inte ta bort"), "{all}");
    let run = insyn(&root, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(leftovers().is_empty(), "the next build removes it: {:?}", leftovers());
}

#[test]
fn names_saved_decomposed_give_the_same_addresses_as_composed() {
    let composed = "content/årsredovisning/Ödeshög.md";
    let decomposed = "content/a\u{30a}rsredovisning/O\u{308}deshög.md";
    let page = "---\ntitle: Sida\n---\n![Bild](bild-å.png)\n";
    let (_t1, a) = site(&[START, (composed, page), ("content/årsredovisning/bild-å.png", "png")]);
    let (_t2, b) = site(&[
        START,
        (decomposed, page),
        ("content/a\u{30a}rsredovisning/bild-a\u{30a}.png", "png"),
    ]);
    let run = insyn(&a, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    let run = insyn(&b, &["build"]);
    assert!(run.ok, "{}", run.stderr);
    assert_eq!(tree(&a.join("public")), tree(&b.join("public")));
}

#[cfg(unix)]
#[test]
fn the_output_cannot_be_inside_content_reached_through_a_link() {
    let (_tmp, root) = site(&[]);
    write(&root.join("innehall/_index.md"), "---\ntitle: Start\n---\n");
    std::os::unix::fs::symlink("innehall", root.join("content")).unwrap();
    let err = fails(&root, &["build", "--output", "innehall/public"]);
    assert!(err.contains("utdatamappen ligger i content/"), "{err}");
    assert!(!root.join("innehall/public").exists());
}

// ---- item 19: the message names what is wrong -------------------------------------------------

#[test]
fn messages_blame_the_right_file() {
    // A template of the site's own.
    let (_tmp, root) = site(&[
        START,
        (
            "templates/page.html",
            "{% extends \"base.html\" %}\n{% block content %}\n{{ page.title | okänt_filter }}\n{% endblock %}\n",
        ),
    ]);
    let err = fails(&root, &["build"]);
    assert!(err.starts_with("templates/page.html:3"), "{err}");

    // A date in site.toml.
    let (_tmp, root) = site(&[START]);
    write(
        &root.join("site.toml"),
        format!("{SITE_TOML}[accessibility]\nassessed_on = \"2024-01-10\"\nupdated_on = \"2024-13-01\"\n"),
    );
    let err = fails(&root, &["build"]);
    assert!(err.starts_with("site.toml:5: fel: "), "{err}");
    assert!(err.contains("2024-13-01") && !err.contains("YAML"), "{err}");
    assert!(err.ends_with("1 fel hittades; ingenting skrevs.\n"), "{err}");
    write(
        &root.join("site.toml"),
        format!("{SITE_TOML}[accessibility]\nassessed_on = 2024-02-30\n"),
    );
    let err = fails(&root, &["build"]);
    assert!(err.starts_with("site.toml:4: fel: ") && !err.contains("YAML"), "{err}");

    // A base_url with a character links cannot carry.
    let (_tmp, root) = site(&[START]);
    write(
        &root.join("site.toml"),
        "title = \"T\"\nbase_url = \"https://example.se/a'b/\"\n",
    );
    let err = fails(&root, &["build"]);
    assert!(err.starts_with("site.toml:2: fel: base_url"), "{err}");
    assert!(err.ends_with("1 fel hittades; ingenting skrevs.\n"), "{err}");

    // Numbers: an oversized weight, and a word where a number goes.
    let (_tmp, root) = site(&[
        START,
        (
            "content/a.md",
            "---\ntitle: A\nweight: 99999999999999999999\n---\n```nyckeltal\nposter:\n  - namn: X\n    värde: ej\n```\n",
        ),
    ]);
    let err = fails(&root, &["build"]);
    assert!(!err.contains("fick ett heltal, väntade ett heltal"), "{err}");
    assert!(err.contains("content/a.md:3:9: fel: weight"), "{err}");
    assert!(!err.contains("exponentform"), "{err}");
    assert!(err.contains("content/a.md:8:12: fel: \"ej\" är inget tal"), "{err}");
}
