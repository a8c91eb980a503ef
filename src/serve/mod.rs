//! `insyn serve`: the site built in memory and served on the loopback address, rebuilt when a
//! file changes, with the open browser page reloading itself — or showing the problems of the
//! newest edit over the last good page. The rebuild is the build's own pipeline.

mod http;
pub mod session;

use crate::diagnostics::Diagnostic;
use http::{Request, Response};
use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use session::{Files, Session};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::time::{Duration, Instant};

/// What the server shows: the newest good files, the problems of the newest attempt, and a
/// generation number that live pages wait on.
#[derive(Default)]
struct Shared {
    files: Arc<Files>,
    problems: Vec<Diagnostic>,
    generation: u64,
}

struct State {
    shared: Mutex<Shared>,
    changed: Condvar,
    /// Live pages waiting for the next rebuild.
    waiting: AtomicUsize,
}

const LIVE_JS: &str = include_str!("live.js");
const LIVE_PATH: &str = "/__insyn/live.js";
const POLL_PATH: &str = "/__insyn/poll";
/// Live pages that may wait at once; more are told to try again (after a second).
const MAX_WAITING: usize = 64;
/// How long the watcher waits for a file to settle before reporting it.
const SETTLE: Duration = Duration::from_millis(50);

pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub drafts: bool,
}

/// Serve until the process is stopped. Prints the address, then one line per rebuild.
pub fn run(opts: &ServeOptions) -> Result<(), String> {
    let listener = TcpListener::bind(("127.0.0.1", opts.port))
        .map_err(|e| format!("kan inte lyssna på 127.0.0.1:{}: {e}", opts.port))?;
    let port = listener.local_addr().map(|a| a.port()).unwrap_or(opts.port);
    let base_url = format!("http://127.0.0.1:{port}/");
    let start = Instant::now();
    // The session reads the site by its absolute path: the watcher reports absolute paths.
    let mut session = Session::new(&opts.root, &base_url, opts.drafts);
    let state = Arc::new(State {
        shared: Mutex::new(Shared::default()),
        changed: Condvar::new(),
        waiting: AtomicUsize::new(0),
    });
    publish(&state, &session);
    report(&session, None, start.elapsed());
    // Watch before telling anyone the address, so that no edit after it goes unseen.
    let (tx, rx) = mpsc::channel();
    let mut watcher = new_debouncer(SETTLE, None, move |r: DebounceEventResult| {
        let _ = tx.send(r);
    })
    .map_err(|e| format!("kan inte bevaka filer: {e}"))?;
    let root = session.root().to_path_buf();
    let mut watched = Vec::new();
    watch(&mut watcher, &root, &mut watched)?;
    println!("Webbplatsen finns på {base_url} (Ctrl+C avslutar)");
    let handler_state = state.clone();
    std::thread::spawn(move || {
        http::serve(listener, port, Arc::new(move |r: &Request| respond(r, &handler_state)));
    });
    while let Ok(first) = rx.recv() {
        // A burst (a `git checkout`, an editor's save in steps) arrives over a few ticks:
        // take it whole, as one rebuild.
        let mut batches = vec![first];
        while let Ok(more) = rx.recv_timeout(SETTLE / 2) {
            batches.push(more);
        }
        let (paths, rescan) = changed_paths(&root, batches);
        watch(&mut watcher, &root, &mut watched)?;
        if paths.is_empty() && !rescan {
            continue;
        }
        let start = Instant::now();
        let rebuilt = if rescan {
            session.rebuild()
        } else {
            session.change(&paths)
        };
        publish(&state, &session);
        report(&session, Some((&root, &paths, &rebuilt)), start.elapsed());
    }
    Ok(())
}

/// The folders the build reads, besides `site.toml`.
const INPUT_DIRS: [&str; 4] = ["content", "templates", "themes", "static"];

/// Watch the site's folder itself (not recursively: so that `site.toml` saved by replacing
/// it, and input folders made later, are seen) and each input folder that exists.
fn watch<W: notify::Watcher, C: notify_debouncer_full::FileIdCache>(
    watcher: &mut notify_debouncer_full::Debouncer<W, C>,
    root: &Path,
    watched: &mut Vec<PathBuf>,
) -> Result<(), String> {
    if watched.is_empty() {
        watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("kan inte bevaka {}: {e}", root.display()))?;
        watched.push(root.to_path_buf());
    }
    for d in INPUT_DIRS {
        let dir = root.join(d);
        if dir.is_dir() && !watched.contains(&dir) && watcher.watch(&dir, RecursiveMode::Recursive).is_ok() {
            watched.push(dir);
        }
    }
    Ok(())
}

/// The inputs that changed, and whether the watcher lost track (then everything is read).
/// Editors' and tools' temporary files, and what the build does not read, are left out.
fn changed_paths(root: &Path, batches: Vec<DebounceEventResult>) -> (Vec<PathBuf>, bool) {
    let config = root.join(crate::config::CONFIG_FILE);
    let mut paths = Vec::new();
    let mut rescan = false;
    for batch in batches {
        match batch {
            Ok(events) => {
                for e in events {
                    if matches!(e.kind, notify::EventKind::Access(_)) {
                        continue;
                    }
                    rescan |= e.need_rescan();
                    paths.extend(e.event.paths);
                }
            }
            Err(_) => rescan = true,
        }
    }
    paths.retain(|p| (*p == config || INPUT_DIRS.iter().any(|d| p.starts_with(root.join(d)))) && !is_editor_temp(p));
    paths.sort();
    paths.dedup();
    (paths, rescan)
}

fn is_editor_temp(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".tmp")
}

fn publish(state: &State, session: &Session) {
    let mut s = state.shared.lock().unwrap_or_else(|e| e.into_inner());
    if session.problems.is_empty() {
        s.files = session.files.clone();
    }
    s.problems = session.problems.clone();
    s.generation += 1;
    state.changed.notify_all();
}

/// One line per rebuild: what changed and what was done; or the problems.
fn report(session: &Session, change: Option<(&Path, &[PathBuf], &session::Rebuilt)>, took: Duration) {
    let ms = took.as_millis();
    if !session.problems.is_empty() {
        let mut d = crate::diagnostics::Diagnostics::new();
        session.problems.iter().cloned().for_each(|p| d.push(p));
        eprint!(
            "{}",
            d.render()
                .replace("ingenting skrevs", "den senaste fungerande versionen visas")
        );
        return;
    }
    let Some((root, paths, rebuilt)) = change else {
        println!("Byggde webbplatsen på {ms} ms");
        return;
    };
    let names: Vec<String> = paths
        .iter()
        .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
        .collect();
    let what = match names.as_slice() {
        [] => "Filer ändrades".to_string(),
        [one] => format!("{one} ändrades"),
        many => {
            let shown = many.iter().take(3).cloned().collect::<Vec<_>>().join(", ");
            let more = if many.len() > 3 { ", …" } else { "" };
            format!("{} filer ändrades ({shown}{more})", many.len())
        }
    };
    let done = match (rebuilt.full, rebuilt.pages) {
        (true, _) => "byggde om webbplatsen".to_string(),
        (false, 1) => "byggde om 1 sida".to_string(),
        (false, n) => format!("byggde om {n} sidor"),
    };
    println!("{what} – {done} på {ms} ms");
}

fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn respond(request: &Request, state: &State) -> Response {
    let path = request.path.as_str();
    if path == LIVE_PATH {
        return Response {
            status: 200,
            content_type: "text/javascript; charset=utf-8",
            body: LIVE_JS.as_bytes().to_vec(),
        };
    }
    if path == POLL_PATH {
        return poll(&request.query, state);
    }
    let key = path.trim_start_matches('/').to_string();
    let (status, file, bytes) = {
        let shared = state.shared.lock().unwrap_or_else(|e| e.into_inner());
        let candidates = [key.clone(), format!("{key}index.html"), format!("{key}/index.html")];
        match candidates
            .iter()
            .find_map(|c| shared.files.get(c).map(|b| (c.clone(), b.bytes().to_vec())))
        {
            Some((c, b)) => (200, c, b),
            None => (
                404,
                "404.html".to_string(),
                shared
                    .files
                    .get("404.html")
                    .map(|b| b.bytes().to_vec())
                    .unwrap_or_default(),
            ),
        }
    };
    let content_type = content_type(&file);
    let body = if content_type.starts_with("text/html") {
        with_live_script(&bytes)
    } else {
        bytes
    };
    Response {
        status,
        content_type,
        body,
    }
}

/// The generation and problems, once there is a newer generation than `gen=` (or after 25 s).
fn poll(query: &str, state: &State) -> Response {
    let since: u64 = query.strip_prefix("gen=").and_then(|g| g.parse().ok()).unwrap_or(0);
    let waits = since != 0;
    if waits && state.waiting.fetch_add(1, Ordering::SeqCst) >= MAX_WAITING {
        state.waiting.fetch_sub(1, Ordering::SeqCst);
        return Response::text(503, "För många sidor väntar; försök igen.\n");
    }
    let shared = state.shared.lock().unwrap_or_else(|e| e.into_inner());
    let (shared, _) = state
        .changed
        .wait_timeout_while(shared, Duration::from_secs(25), |s| waits && s.generation <= since)
        .unwrap_or_else(|e| e.into_inner());
    let problems: Vec<serde_json::Value> = shared
        .problems
        .iter()
        .map(|d| serde_json::json!({"file": d.file.display().to_string(), "line": d.line, "message": d.message, "hint": d.hint}))
        .collect();
    let body = serde_json::json!({"generation": shared.generation, "problems": problems}).to_string();
    drop(shared);
    if waits {
        state.waiting.fetch_sub(1, Ordering::SeqCst);
    }
    Response {
        status: 200,
        content_type: "application/json",
        body: body.into_bytes(),
    }
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
