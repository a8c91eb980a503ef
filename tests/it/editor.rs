//! End-to-end: the editor's workflow — `serve` with rebuilds, `check` exit codes, `new`.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn get(port: u16, path: &str) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).unwrap();
    let text = String::from_utf8_lossy(&buf).into_owned();
    let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

/// Poll until `cond` holds on the page, or give up after a few seconds.
fn eventually(port: u16, path: &str, cond: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let (_, body) = get(port, path);
        if cond(&body) || start.elapsed() > Duration::from_secs(10) {
            return body;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn serve_rebuilds_on_edit_and_keeps_the_last_good_page_on_error() {
    let (_tmp, site) = copy_fixture("report");
    let child = Command::new(env!("CARGO_BIN_EXE_insyn"))
        .args(["serve", "--port", "0", "--root"])
        .arg(&site)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut server = Server(child);
    let stdout = server.0.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let port: u16 = loop {
        let line = lines.next().expect("serve prints its address").unwrap();
        if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
            break rest.split('/').next().unwrap().parse().unwrap();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let page = "/regionstyrelsen/2023-arsredovisning/ekonomi/";
    let (status, body) = get(port, page);
    assert_eq!(status, 200);
    assert!(body.contains("<th scope=\"row\">Regionkontoret</th>"));
    assert!(body.contains("/__insyn/live.js"), "the page reloads itself");
    assert_eq!(get(port, "/finns-inte/").0, 404);

    // An edit shows up.
    let file = site.join("content/regionstyrelsen/2023-arsredovisning/ekonomi.md");
    let text = read(&file);
    std::fs::write(
        &file,
        text.replace("  - Regionkontoret |", "  - Regionkontoret, nytt namn |"),
    )
    .unwrap();
    let body = eventually(port, page, |b| b.contains("Regionkontoret, nytt namn"));
    assert!(
        body.contains("<th scope=\"row\">Regionkontoret, nytt namn</th>"),
        "edited page served"
    );

    // A broken edit is reported, and the last good page stays served.
    std::fs::write(&file, read(&file).replace("| 8,9", "| 9,9")).unwrap();
    let start = Instant::now();
    let poll = loop {
        let (_, p) = get(port, "/__insyn/poll?gen=0");
        if p.contains("stämmer inte") || start.elapsed() > Duration::from_secs(10) {
            break p;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        poll.contains("content/regionstyrelsen/2023-arsredovisning/ekonomi.md"),
        "{poll}"
    );
    assert!(poll.contains("\"line\":15"), "{poll}");
    let (_, body) = get(port, page);
    assert!(
        body.contains("<td>8,9</td>") && body.contains("Regionkontoret, nytt namn"),
        "the last good page is still served"
    );

    // Fixing it brings the new version.
    std::fs::write(
        &file,
        read(&file)
            .replace("| 9,9", "| 8,9")
            .replace("Förtroendevalda |", "Förtroendevalda, igen |"),
    )
    .unwrap();
    let body = eventually(port, page, |b| b.contains("Förtroendevalda, igen"));
    assert!(body.contains("Förtroendevalda, igen"));

    // A folder made after the start is watched; site.toml saved by replacing the file (as
    // many editors do) is seen every time.
    std::fs::create_dir_all(site.join("static")).unwrap();
    std::fs::write(site.join("static/ny.txt"), "hej").unwrap();
    for title in ["Testregion 2", "Testregion 3"] {
        let config = read(&site.join("site.toml"));
        let old = config.lines().find(|l| l.starts_with("title")).unwrap().to_string();
        std::fs::write(
            site.join("site.toml.tmp"),
            config.replace(&old, &format!("title = \"{title}\"")),
        )
        .unwrap();
        std::fs::rename(site.join("site.toml.tmp"), site.join("site.toml")).unwrap();
        let home = eventually(port, "/", |b| b.contains(&format!("<title>{title}</title>")));
        assert!(
            home.contains(&format!("<title>{title}</title>")),
            "site.toml change seen: {title}"
        );
    }
    assert_eq!(
        get(port, "/ny.txt").1,
        "hej",
        "a file in a static/ made after the start is served"
    );
}

#[test]
fn check_exit_codes() {
    let (_t1, good) = copy_fixture("report");
    let run = insyn(&good, &["check"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(run.stdout.contains("kontrollerade"), "{}", run.stdout);
    let (_t2, bad) = copy_fixture("invalid");
    let run = insyn(&bad, &["check"]);
    assert!(!run.ok);
    assert!(run.stderr.contains("14 fel hittades"));
}

#[test]
fn new_report_builds_and_never_overwrites() {
    let (_tmp, site) = copy_fixture("minimal");
    for (org, kind) in [
        ("Regionstyrelsen", "arsredovisning"),
        ("Regionkontoret", "verksamhetsplan"),
        ("Kulturnämnden", "delårsrapport"),
    ] {
        let run = insyn(&site, &["new", "report", org, "2025", kind]);
        assert!(run.ok, "{}", run.stderr);
    }
    assert!(
        site.join("content/kulturnamnden/2025-delarsrapport/04-ekonomi.md")
            .exists()
    );
    // A delårsrapport's period is the editor's to write: until then, the build says so.
    let run = insyn(&site, &["build", "--drafts"]);
    assert!(
        run.stderr
            .contains("delårsrapporten anger inte vilken del av året den gäller"),
        "{}",
        run.stderr
    );
    let interim = site.join("content/kulturnamnden/2025-delarsrapport/_index.md");
    std::fs::write(
        &interim,
        read(&interim).replace("  år: 2025\n", "  år: 2025\n  period: jan–apr 2025\n"),
    )
    .unwrap();
    // Drafts: invisible in a normal build, and building with --drafts checks their blocks.
    let run = insyn(&site, &["build", "--drafts"]);
    assert!(run.ok, "{}", run.stderr);
    assert!(
        site.join("public/regionstyrelsen/2025-arsredovisning/04-ekonomi/index.html")
            .exists()
    );
    let before = read(&site.join("content/regionstyrelsen/2025-arsredovisning/_index.md"));
    let run = insyn(&site, &["new", "report", "Regionstyrelsen", "2025", "arsredovisning"]);
    assert!(!run.ok);
    assert!(
        run.stderr.contains("filen finns redan; ingenting skapades"),
        "{}",
        run.stderr
    );
    assert_eq!(
        read(&site.join("content/regionstyrelsen/2025-arsredovisning/_index.md")),
        before
    );
    let run = insyn(&site, &["new", "report", "X", "2025", "arsredovisnig"]);
    assert!(!run.ok, "an unknown report type is an error");
    assert!(!site.join("content/x").exists(), "and creates nothing");
    assert!(run.stderr.contains("menade du \"arsredovisning\"?"), "{}", run.stderr);
}
