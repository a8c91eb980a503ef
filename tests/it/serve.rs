//! End-to-end: `insyn serve` as editors start it, with what a build would refuse appearing
//! while it runs, and with hostile HTTP.

use crate::common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `insyn serve`, stopped when dropped; what it prints is collected.
pub struct Serve {
    child: Child,
    pub port: u16,
    pub out: Arc<Mutex<String>>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// `insyn serve --port 0 ARGS` started in `cwd`.
    pub fn start(cwd: &Path, args: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_insyn"))
            .args(["serve", "--port", "0"])
            .args(args)
            .current_dir(cwd)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().unwrap();
        let o = out.clone();
        std::thread::spawn(move || {
            for l in BufReader::new(err).lines().map_while(Result::ok) {
                o.lock().unwrap().push_str(&format!("{l}\n"));
            }
        });
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port: u16 = loop {
            let line = lines.next().expect("serve prints its address").unwrap();
            out.lock().unwrap().push_str(&format!("{line}\n"));
            if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                break rest.split('/').next().unwrap().parse().unwrap();
            }
        };
        let o = out.clone();
        std::thread::spawn(move || {
            for l in lines.map_while(Result::ok) {
                o.lock().unwrap().push_str(&format!("{l}\n"));
            }
        });
        Serve { child, port, out }
    }

    /// A raw request; the status and the body of the answer.
    pub fn request(&self, head: &str) -> (u16, String) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        s.write_all(head.as_bytes()).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).into_owned();
        let status = text.split(' ').nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map(|(_, b)| b.to_string())
            .unwrap_or_default();
        (status, body)
    }

    pub fn get(&self, path: &str) -> (u16, String) {
        self.request(&format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            self.port
        ))
    }

    /// Poll until `cond` holds on what `path` answers, or give up after 15 s.
    pub fn eventually(&self, path: &str, cond: impl Fn(u16, &str) -> bool) -> (u16, String) {
        let start = Instant::now();
        loop {
            let (status, body) = self.get(path);
            if cond(status, &body) || start.elapsed() > Duration::from_secs(15) {
                return (status, body);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The problems of the newest rebuild, once they mention `what`.
    pub fn problems_mentioning(&self, what: &str) -> String {
        self.eventually("/__insyn/poll?gen=0", |_, b| b.contains(what)).1
    }
}

const PAGE: &str = "/regionstyrelsen/2023-arsredovisning/ekonomi/";
const PAGE_FILE: &str = "content/regionstyrelsen/2023-arsredovisning/ekonomi.md";

fn append(path: &Path, text: &str) {
    let t = read(path);
    std::fs::write(path, format!("{t}\n{text}\n")).unwrap();
}

#[test]
fn serve_started_the_documented_way_rebuilds_on_save() {
    let (_tmp, site) = copy_fixture("report");
    // In the site folder, with the default --root (.)
    let serve = Serve::start(&site, &[]);
    assert_eq!(serve.get(PAGE).0, 200);
    append(&site.join(PAGE_FILE), "Ett nytt stycke från redaktören.");
    let (_, body) = serve.eventually(PAGE, |_, b| b.contains("Ett nytt stycke"));
    assert!(
        body.contains("Ett nytt stycke från redaktören."),
        "{}",
        serve.out.lock().unwrap()
    );
    // And from a folder below, with a relative --root.
    let serve = Serve::start(&site.join("content"), &["--root", ".."]);
    append(&site.join(PAGE_FILE), "Ett andra stycke.");
    let (_, body) = serve.eventually(PAGE, |_, b| b.contains("Ett andra stycke"));
    assert!(body.contains("Ett andra stycke."));
}

#[cfg(unix)]
#[test]
fn serve_refuses_what_build_refuses_when_it_appears_while_running() {
    let (tmp, site) = copy_fixture("report");
    std::fs::write(tmp.path().join("hemlig.png"), "HEMLIGT").unwrap();
    std::fs::write(site.join("content/regionstyrelsen/karta.png"), "png").unwrap();
    append(&site.join("content/regionstyrelsen/_index.md"), "![Karta](karta.png)");
    let serve = Serve::start(&site, &[]);
    assert_eq!(serve.get("/regionstyrelsen/karta.png"), (200, "png".to_string()));

    // A symbolic link to a file outside the site.
    std::os::unix::fs::symlink(tmp.path().join("hemlig.png"), site.join("content/bild.png")).unwrap();
    let problems = serve.problems_mentioning("content/bild.png");
    assert!(problems.contains("symbolisk länk"), "{problems}");
    assert!(!serve.get("/bild.png").1.contains("HEMLIGT"));
    std::fs::remove_file(site.join("content/bild.png")).unwrap();

    // A FIFO named like a page does not stop later rebuilds.
    let fifo = site.join("content/x.md");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let problems = serve.problems_mentioning("content/x.md");
    assert!(problems.contains("ingen vanlig fil"), "{problems}");
    std::fs::remove_file(&fifo).unwrap();
    append(&site.join(PAGE_FILE), "Efter fifon.");
    let (_, body) = serve.eventually(PAGE, |_, b| b.contains("Efter fifon."));
    assert!(body.contains("Efter fifon."), "{}", serve.out.lock().unwrap());

    // Pages in hidden folders are not published.
    std::fs::create_dir_all(site.join("content/.utkast")).unwrap();
    std::fs::write(
        site.join("content/.utkast/hemlig.md"),
        "---\ntitle: Hemlig\n---\nHEMLIGT\n",
    )
    .unwrap();
    append(&site.join(PAGE_FILE), "Efter utkastet.");
    serve.eventually(PAGE, |_, b| b.contains("Efter utkastet."));
    assert_eq!(serve.get("/.utkast/hemlig/").0, 404);
    assert_eq!(serve.get("/utkast/hemlig/").0, 404);

    // A picture that a page shows is deleted.
    std::fs::remove_file(site.join("content/regionstyrelsen/karta.png")).unwrap();
    let problems = serve.problems_mentioning("karta.png");
    assert!(problems.contains("content/regionstyrelsen/_index.md"), "{problems}");
}

#[test]
fn serve_reports_a_link_made_stale_by_a_changed_block_id() {
    let (_tmp, site) = copy_fixture("report");
    append(
        &site.join("content/_index.md"),
        "[Tabellen](/regionstyrelsen/2023-arsredovisning/data/regionstyrelsen-2023-arsredovisning-ekonomi-resultatrakning.csv)",
    );
    let serve = Serve::start(&site, &[]);
    let csv =
        "/regionstyrelsen/2023-arsredovisning/data/regionstyrelsen-2023-arsredovisning-ekonomi-resultatrakning.csv";
    assert_eq!(serve.get(csv).0, 200);
    let file = site.join(PAGE_FILE);
    std::fs::write(&file, read(&file).replace("id: resultatrakning", "id: resultat")).unwrap();
    let problems = serve.problems_mentioning("content/_index.md");
    assert!(
        problems.contains("resultatrakning.csv") && problems.contains("\"line\":6"),
        "{problems}"
    );
    let check = insyn(&site, &["check", "--drafts"]);
    assert!(
        !check.ok && check.stderr.contains("content/_index.md:6"),
        "{}",
        check.stderr
    );
}

#[test]
fn serve_answers_only_its_own_host_names() {
    let (_tmp, site) = copy_fixture("report");
    let serve = Serve::start(&site, &[]);
    let port = serve.port;
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "localhost".into(),
    ] {
        let (status, body) = serve.request(&format!("GET / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"));
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("<html"), "{host}");
    }
    // A page elsewhere that has its own name point at 127.0.0.1 (DNS rebinding) gets nothing.
    for host in [
        format!("ond.example:{port}"),
        format!("127.0.0.1.ond.example:{port}"),
        format!("localhost:{}", port.wrapping_add(1)),
        String::new(),
    ] {
        let head = if host.is_empty() {
            "GET / HTTP/1.1\r\nConnection: close\r\n\r\n".to_string()
        } else {
            format!("GET /__insyn/poll?gen=0 HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n")
        };
        let (status, body) = serve.request(&head);
        assert!(status == 403 || status == 400, "{host}: {status}");
        assert!(
            !body.contains("Testregionen") && !body.contains("generation"),
            "{host}: {body}"
        );
    }
}

#[test]
fn serve_survives_many_held_connections_and_huge_headers() {
    let (_tmp, site) = copy_fixture("report");
    let serve = Serve::start(&site, &[]);
    let port = serve.port;
    let (_, poll) = serve.get("/__insyn/poll?gen=0");
    let generation: String = poll
        .split("\"generation\":")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(|c| c.is_ascii_digit())
        .collect();
    // 300 browser tabs waiting for the next rebuild, and 100 connections that say nothing.
    let mut held = Vec::new();
    for _ in 0..300 {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        let _ = write!(
            s,
            "GET /__insyn/poll?gen={generation} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
        );
        held.push(s);
    }
    for _ in 0..100 {
        held.push(TcpStream::connect(("127.0.0.1", port)).unwrap());
    }
    let (status, body) = serve.eventually("/", |s, _| s == 200);
    assert_eq!(status, 200, "{}", serve.out.lock().unwrap());
    assert!(body.contains("<html"));
    // A request with a megabyte of headers is refused, and the server goes on.
    let huge = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Stor: {}\r\n\r\n",
        "a".repeat(1024 * 1024)
    );
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = s.write_all(huge.as_bytes());
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    assert!(
        answer.starts_with("HTTP/1.1 431"),
        "{}",
        &answer[..answer.len().min(200)]
    );
    drop(held);
    assert_eq!(serve.get(PAGE).0, 200);
    // An edit still reaches the browser.
    append(&site.join(PAGE_FILE), "Efter belägringen.");
    let (_, body) = serve.eventually(PAGE, |_, b| b.contains("Efter belägringen."));
    assert!(body.contains("Efter belägringen."));
    assert!(
        !serve.out.lock().unwrap().contains("panicked"),
        "{}",
        serve.out.lock().unwrap()
    );
}

#[test]
fn a_burst_of_changes_is_one_rebuild_that_says_what_changed() {
    let (_tmp, site) = copy_fixture("report");
    let serve = Serve::start(&site, &[]);
    let dir = site.join("content/regionstyrelsen/2023-arsredovisning");
    // Like a `git checkout`: many files rewritten at once.
    for i in 0..40 {
        std::fs::write(
            dir.join(format!("ny-{i:02}.md")),
            format!("---\ntitle: Ny {i}\n---\nText {i}.\n"),
        )
        .unwrap();
    }
    append(&site.join(PAGE_FILE), "Efter utcheckningen.");
    serve.eventually(PAGE, |_, b| b.contains("Efter utcheckningen."));
    std::thread::sleep(Duration::from_millis(1500));
    let out = serve.out.lock().unwrap().clone();
    let rebuilds: Vec<&str> = out.lines().filter(|l| l.contains("ändrade")).collect();
    assert_eq!(rebuilds.len(), 1, "{out}");
    assert!(rebuilds[0].contains("41 filer ändrade"), "{out}");
    assert!(
        rebuilds[0].contains("ekonomi.md") || rebuilds[0].contains("ny-00.md"),
        "{out}"
    );
}
