//! `insyn serve`: the site built in memory and served on the loopback address, rebuilt when a
//! file changes, with the open browser page reloading itself — or showing the problems of the
//! newest edit over the last good page.

pub mod session;

use crate::diagnostics::Diagnostic;
use notify::{RecursiveMode, Watcher};
use session::{Files, Session};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

/// What the server shows: the newest good files, the problems of the newest attempt, and a
/// generation number that live pages wait on.
#[derive(Default)]
struct Shared {
    files: Files,
    problems: Vec<Diagnostic>,
    generation: u64,
}

struct State {
    shared: Mutex<Shared>,
    changed: Condvar,
}

const LIVE_JS: &str = include_str!("live.js");
const LIVE_PATH: &str = "/__insyn/live.js";
const POLL_PATH: &str = "/__insyn/poll";

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub drafts: bool,
}

/// Serve until the process is stopped. Prints the address, then one line per rebuild.
pub fn run(opts: &ServeOptions) -> Result<(), String> {
    let server = tiny_http::Server::http(("127.0.0.1", opts.port))
        .map_err(|e| format!("kan inte lyssna på 127.0.0.1:{}: {e}", opts.port))?;
    let port = server.server_addr().to_ip().map(|a| a.port()).unwrap_or(opts.port);
    let base_url = format!("http://127.0.0.1:{port}/");
    let start = Instant::now();
    let mut session = Session::new(&opts.root, &base_url, opts.drafts);
    let state = Arc::new(State {
        shared: Mutex::new(Shared::default()),
        changed: Condvar::new(),
    });
    publish(&state, &session);
    report(&session, start.elapsed(), None);
    // Watch before telling anyone the address, so that no edit after it goes unseen.
    let (mut watcher, changes) = watcher(&opts.root)?;
    println!("Webbplatsen finns på {base_url} (Ctrl+C avslutar)");
    let server = Arc::new(server);
    for _ in 0..4 {
        let (server, state) = (server.clone(), state.clone());
        std::thread::spawn(move || {
            for request in server.incoming_requests() {
                let state = state.clone();
                std::thread::spawn(move || respond(request, &state));
            }
        });
    }
    rebuild_on_changes(&opts.root, changes, &mut watcher, &mut session, &state);
    Ok(())
}

fn publish(state: &State, session: &Session) {
    let mut s = state.shared.lock().unwrap_or_else(|e| e.into_inner());
    s.files = session.files.clone();
    s.problems = session.problems.clone();
    s.generation += 1;
    state.changed.notify_all();
}

fn report(session: &Session, took: Duration, rebuilt: Option<&session::Rebuilt>) {
    if session.problems.is_empty() {
        match rebuilt {
            Some(r) if !r.full => println!("Byggde om {} sidor på {} ms", r.pages, took.as_millis()),
            _ => println!("Byggde webbplatsen på {} ms", took.as_millis()),
        }
    } else {
        let mut d = crate::diagnostics::Diagnostics::new();
        session.problems.iter().cloned().for_each(|p| d.push(p));
        eprint!(
            "{}",
            d.render()
                .replace("ingenting skrevs", "den senaste fungerande versionen visas")
        );
    }
}

/// The folders the build reads, besides `site.toml`.
const INPUT_DIRS: [&str; 4] = ["content", "templates", "themes", "static"];

/// A watcher on the site's inputs, and the channel its changes arrive on. The site's own
/// folder is watched too (not recursively), so that `site.toml` saved by replacing the file,
/// and input folders created later, are seen.
fn watcher(root: &Path) -> Result<(notify::RecommendedWatcher, mpsc::Receiver<Vec<PathBuf>>), String> {
    let (tx, rx) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |ev: notify::Result<notify::Event>| {
        if let Ok(ev) = ev
            && !matches!(ev.kind, notify::EventKind::Access(_))
        {
            let _ = tx.send(ev.paths);
        }
    })
    .map_err(|e| format!("kan inte bevaka filer: {e}"))?;
    watcher
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("kan inte bevaka {}: {e}", root.display()))?;
    for p in INPUT_DIRS {
        let dir = root.join(p);
        if dir.is_dir() {
            watcher
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| format!("kan inte bevaka {p}/: {e}"))?;
        }
    }
    Ok((watcher, rx))
}

/// Rebuild on every settled batch of changes, until the watcher stops.
fn rebuild_on_changes(
    root: &Path,
    rx: mpsc::Receiver<Vec<PathBuf>>,
    watcher: &mut notify::RecommendedWatcher,
    session: &mut Session,
    state: &State,
) {
    let config = root.join(crate::config::CONFIG_FILE);
    let inputs: Vec<PathBuf> = INPUT_DIRS.iter().map(|d| root.join(d)).collect();
    let mut watched: Vec<PathBuf> = inputs.iter().filter(|d| d.is_dir()).cloned().collect();
    while let Ok(first) = rx.recv() {
        let mut paths: Vec<PathBuf> = first;
        // Editors save in several steps; take what arrives within a few milliseconds together.
        while let Ok(more) = rx.recv_timeout(Duration::from_millis(8)) {
            paths.extend(more);
        }
        // An input folder made after the start is watched from now on.
        let new: Vec<PathBuf> = inputs
            .iter()
            .filter(|d| paths.contains(d) && d.is_dir() && !watched.contains(d))
            .cloned()
            .collect();
        for dir in new {
            if watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
                watched.push(dir);
            }
        }
        // Only inputs count; editors and tools save through temporary files that are gone again.
        paths.retain(|p| {
            (*p == config || inputs.iter().any(|d| p.starts_with(d)))
                && !is_editor_temp(p)
                && (p.exists() || p.extension().is_some_and(|e| e == "md"))
        });
        paths.sort();
        paths.dedup();
        if paths.is_empty() {
            continue;
        }
        let start = Instant::now();
        let rebuilt = session.change(&paths);
        publish(state, session);
        report(session, start.elapsed(), Some(&rebuilt));
    }
}

fn is_editor_temp(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

fn header(name: &str, value: &str) -> tiny_http::Header {
    tiny_http::Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("valid header")
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("");
    match ext {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(request: tiny_http::Request, state: &State) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let path = crate::urls::percent_decode(path);
    let reply = |request: tiny_http::Request, status: u16, ctype: &str, body: Vec<u8>| {
        let r = tiny_http::Response::new(
            status.into(),
            vec![header("Content-Type", ctype), header("Cache-Control", "no-store")],
            Cursor::new(body.clone()),
            Some(body.len()),
            None,
        );
        let _ = request.respond(r);
    };
    if path == LIVE_PATH {
        return reply(
            request,
            200,
            "text/javascript; charset=utf-8",
            LIVE_JS.as_bytes().to_vec(),
        );
    }
    if path == POLL_PATH {
        let since: u64 = query.strip_prefix("gen=").and_then(|g| g.parse().ok()).unwrap_or(0);
        let shared = state.shared.lock().unwrap_or_else(|e| e.into_inner());
        let (shared, _) = state
            .changed
            .wait_timeout_while(shared, Duration::from_secs(25), |s| s.generation <= since && since != 0)
            .unwrap_or_else(|e| e.into_inner());
        let problems: Vec<serde_json::Value> = shared
            .problems
            .iter()
            .map(|d| serde_json::json!({"file": d.file.display().to_string(), "line": d.line, "message": d.message, "hint": d.hint}))
            .collect();
        let body = serde_json::json!({"generation": shared.generation, "problems": problems}).to_string();
        drop(shared);
        return reply(request, 200, "application/json", body.into_bytes());
    }
    let key = path.trim_start_matches('/').to_string();
    let (status, file, bytes) = {
        let shared = state.shared.lock().unwrap_or_else(|e| e.into_inner());
        let candidates = [key.clone(), format!("{key}index.html"), format!("{key}/index.html")];
        match candidates
            .iter()
            .find_map(|c| shared.files.get(c).map(|b| (c.clone(), b.clone())))
        {
            Some((c, b)) => (200, c, b),
            None => (
                404,
                "404.html".to_string(),
                shared.files.get("404.html").cloned().unwrap_or_default(),
            ),
        }
    };
    let ctype = content_type(&file);
    let body = if ctype.starts_with("text/html") {
        with_live_script(&bytes)
    } else {
        bytes.to_vec()
    };
    reply(request, status, ctype, body)
}

/// The page, with the script that reloads it after a rebuild.
fn with_live_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    let tag = format!("<script src=\"{LIVE_PATH}\"></script>");
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}
