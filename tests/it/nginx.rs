//! Serve the example site with a real nginx (Debian's), configured with the very snippet the
//! publishing guide tells people to use (docs/publicera/nginx.conf), and check what a browser
//! gets: types and charsets, cache headers, precompressed files (gzip and brotli) and the 404
//! page. The nginx tier (see `tiers.rs`): needs nginx and Debian's brotli_static module
//! (packages nginx and libnginx-mod-http-brotli-static); the test installs neither.
#![cfg(target_os = "linux")]

use crate::tiers::{self, Tier};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NGINX: &str = "/usr/sbin/nginx";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// Debian's package libnginx-mod-http-brotli-static.
const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

#[test]
fn nginx_serves_the_built_site_with_the_documented_config() {
    let missing: Vec<String> = [
        (NGINX, "nginx (Debian's package nginx)"),
        (
            BROTLI_MODULE,
            "nginx's brotli_static module (Debian's package libnginx-mod-http-brotli-static)",
        ),
    ]
    .iter()
    .filter(|(path, _)| !Path::new(path).is_file())
    .map(|(path, what)| format!("{what}: no {path}"))
    .collect();
    if !tiers::ready(Tier::Nginx, &missing) {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let site = build_example_site(tmp.path());
    let snippet = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/publicera/nginx.conf");
    let nginx = Nginx::start(tmp.path(), &snippet, None);
    let get = |path: &str| nginx.get(path, &[]);
    let file = |rel: &str| std::fs::read(site.join(rel)).unwrap();

    // A page: HTML in UTF-8, revalidated on every visit, sent as it is without Accept-Encoding.
    let r = get("/insyn/");
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert_eq!(r.header("content-encoding"), None);
    assert!(r.body == file("index.html"), "GET /insyn/ is public/index.html");

    // A page in a folder; without the trailing slash, a relative redirect to it.
    let dir = first_page_folder(&site);
    let r = get(&format!("/insyn/{dir}/"));
    assert_eq!(r.status, 200, "{r:?}");
    assert!(r.body == file(&format!("{dir}/index.html")));
    let r = get(&format!("/insyn/{dir}"));
    assert_eq!(r.status, 301, "{r:?}");
    assert_eq!(r.header("location"), Some(format!("/insyn/{dir}/").as_str()));

    // The theme's CSS, named by its hash: cached for a year; the page links this very name.
    let css = find(&site, |p| {
        p.starts_with("style.") && p.ends_with(".css") && !p.contains('/')
    });
    assert!(
        String::from_utf8(file("index.html"))
            .unwrap()
            .contains(&format!("\"/insyn/{css}\"")),
        "the home page links {css}"
    );
    let r = get(&format!("/insyn/{css}"));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(r.header("cache-control"), Some(IMMUTABLE));
    assert!(r.body == file(&css));

    let js = find(&site, |p| {
        p.starts_with("search.") && p.ends_with(".js") && !p.contains('/')
    });
    let r = get(&format!("/insyn/{js}"));
    assert_eq!(
        r.header("content-type"),
        Some("text/javascript; charset=utf-8"),
        "{r:?}"
    );
    assert_eq!(r.header("cache-control"), Some(IMMUTABLE));

    // A data download: CSV as UTF-8 text (with its BOM), not cached as immutable.
    let csv = find(&site, |p| p.contains("/data/") && p.ends_with(".csv"));
    let r = get(&format!("/insyn/{csv}"));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("content-type"), Some("text/csv; charset=utf-8"));
    assert_eq!(r.header("cache-control"), Some("no-cache"));
    assert!(r.body.starts_with("\u{feff}".as_bytes()), "{csv} starts with a BOM");
    assert!(r.body == file(&csv));
    let json = find(&site, |p| p.contains("/data/") && p.ends_with(".json"));
    let r = get(&format!("/insyn/{json}"));
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.header("cache-control"),
        Some("no-cache"),
        "{json} has no hash in its name"
    );

    // The catalog of open data, as RDF/XML for Sveriges dataportal.
    let r = get("/insyn/datasets/dcat.rdf");
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("content-type"), Some("application/rdf+xml"));
    assert!(r.body == file("datasets/dcat.rdf"));

    // Precompressed: the .gz beside the page is sent to a client that accepts gzip.
    assert!(site.join("index.html.gz").is_file(), "built with --compress");
    let r = nginx.get("/insyn/", &[("Accept-Encoding", "gzip")]);
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("content-encoding"), Some("gzip"));
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(r.header("vary"), Some("Accept-Encoding"));
    assert!(
        r.body == file("index.html.gz"),
        "the stored .gz, not one made on the fly"
    );
    assert!(gunzip(&r.body) == file("index.html"), "the .gz unpacks to the page");
    let r = nginx.get(&format!("/insyn/{css}"), &[("Accept-Encoding", "gzip, deflate, br")]);
    assert_eq!(r.header("content-encoding"), Some("gzip"), "{r:?}");
    assert_eq!(r.header("cache-control"), Some(IMMUTABLE));
    assert!(gunzip(&r.body) == file(&css));

    // A page that does not exist: status 404 with the site's own 404 page.
    let r = get("/insyn/finns-inte/");
    assert_eq!(r.status, 404, "{r:?}");
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.body == file("404.html"), "the body is public/404.html");

    // A folder without a page (data/) looks the same as a missing page.
    let data_dir = csv.rsplit_once('/').unwrap().0;
    let r = get(&format!("/insyn/{data_dir}/"));
    assert_eq!(r.status, 404, "{r:?}");
    assert!(r.body == file("404.html"));
    drop(nginx);

    // Brotli, done as the guide says: the module loaded and the # before brotli_static removed.
    let text = std::fs::read_to_string(&snippet).unwrap();
    let commented = "    # brotli_static on;\n";
    assert_eq!(
        text.matches(commented).count(),
        1,
        "the guide's brotli line is in the snippet"
    );
    let with_brotli = tmp.path().join("insyn-brotli.conf");
    std::fs::write(&with_brotli, text.replace(commented, "    brotli_static on;\n")).unwrap();
    let nginx = Nginx::start(tmp.path(), &with_brotli, Some(BROTLI_MODULE));
    let r = nginx.get("/insyn/", &[("Accept-Encoding", "gzip, deflate, br")]);
    assert_eq!(r.status, 200, "{r:?}");
    assert_eq!(r.header("content-encoding"), Some("br"));
    assert_eq!(r.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(r.body == file("index.html.br"));
    assert!(unbrotli(&r.body) == file("index.html"), "the .br unpacks to the page");
    let r = nginx.get(&format!("/insyn/{css}"), &[("Accept-Encoding", "br")]);
    assert_eq!(r.header("content-encoding"), Some("br"), "{r:?}");
    assert_eq!(r.header("cache-control"), Some(IMMUTABLE));
    let r = nginx.get("/insyn/", &[("Accept-Encoding", "gzip")]);
    assert_eq!(
        r.header("content-encoding"),
        Some("gzip"),
        "gzip still for clients without br"
    );
}

/// Build the example site (the repository itself) with `--compress` into `<tmp>/insyn`, the
/// folder nginx serves as /insyn/ with `root <tmp>`.
fn build_example_site(tmp: &Path) -> PathBuf {
    let out = tmp.join("insyn");
    let run = Command::new(env!("CARGO_BIN_EXE_insyn"))
        .args(["build", "--compress", "--output"])
        .arg(&out)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "building the example site failed:\n{}",
        String::from_utf8_lossy(&run.stderr)
    );
    out
}

/// A running nginx, stopped when dropped (also when an assertion fails).
struct Nginx {
    child: Child,
    port: u16,
}

impl Nginx {
    /// nginx on a free loopback port, serving `tmp` as the server root with `snippet`
    /// included in the server block (and `module` loaded).
    fn start(tmp: &Path, snippet: &Path, module: Option<&str>) -> Nginx {
        let version = Command::new(NGINX).arg("-V").output().unwrap();
        let configure = String::from_utf8_lossy(&version.stderr).into_owned();
        let log = tmp.join("error.log");
        let mut last_error = String::new();
        // The free port is found by binding port 0 and letting it go; should another process
        // take it in between, try another.
        for _ in 0..5 {
            let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
            // One process (no workers switching user); every file nginx writes is in tmp.
            let mut conf = Vec::new();
            if let Some(m) = module {
                conf.push(format!("load_module {m};"));
            }
            conf.push("master_process off;".into());
            conf.push(format!("pid {};", tmp.join("nginx.pid").display()));
            conf.push(format!("error_log {} warn;", log.display()));
            conf.push("events { worker_connections 64; }".into());
            conf.push("http {".into());
            conf.push("    access_log off;".into());
            conf.push(format!(
                "    client_body_temp_path {};",
                tmp.join("client_body").display()
            ));
            for m in ["proxy", "fastcgi", "uwsgi", "scgi"] {
                if !configure.contains(&format!("--without-http_{m}_module")) {
                    conf.push(format!("    {m}_temp_path {};", tmp.join(m).display()));
                }
            }
            conf.push("    server {".into());
            conf.push(format!("        listen 127.0.0.1:{port};"));
            conf.push("        server_name localhost;".into());
            conf.push(format!("        root {};", tmp.display()));
            conf.push(format!("        include {};", snippet.display()));
            // A rule of the server's own, as many server blocks have: it must not take over /insyn/.
            conf.push("        location ~* \\.(css|js|html)$ { return 418; }".into());
            conf.push("    }".into());
            conf.push("}\n".into());
            let conf = conf.join("\n");
            let conf_path = tmp.join("nginx.conf");
            std::fs::write(&conf_path, conf).unwrap();
            let _ = std::fs::remove_file(&log);
            let child = Command::new(NGINX)
                .arg("-p")
                .arg(tmp)
                .arg("-e")
                .arg(&log)
                .arg("-c")
                .arg(&conf_path)
                .args(["-g", "daemon off;"])
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("{NGINX}: {e}"));
            let mut nginx = Nginx { child, port };
            let deadline = Instant::now() + Duration::from_secs(10);
            loop {
                if let Ok(Some(status)) = nginx.child.try_wait() {
                    last_error = format!(
                        "nginx stopped ({status}):\n{}",
                        std::fs::read_to_string(&log).unwrap_or_default()
                    );
                    break;
                }
                if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return nginx;
                }
                assert!(
                    Instant::now() < deadline,
                    "nginx did not start listening on port {port}"
                );
                std::thread::sleep(Duration::from_millis(10));
            }
            if !last_error.contains("Address already in use") {
                break;
            }
        }
        panic!("{last_error}");
    }

    /// A minimal HTTP/1.1 GET: one request per connection.
    fn get(&self, path: &str, headers: &[(&str, &str)]) -> Response {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut req = format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (k, v) in headers {
            req += &format!("{k}: {v}\r\n");
        }
        req += "\r\n";
        s.write_all(req.as_bytes()).unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap();
        Response::parse(&raw)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Response {
    status: u16,
    /// Names in lower case, in the order sent.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn parse(raw: &[u8]) -> Response {
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete response header");
        let head = std::str::from_utf8(&raw[..split]).unwrap();
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap();
        let status = status_line.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        let mut body = raw[split + 4..].to_vec();
        let r = Response {
            status,
            headers,
            body: Vec::new(),
        };
        assert_eq!(
            r.header("transfer-encoding"),
            None,
            "static files have a Content-Length"
        );
        if let Some(len) = r.header("content-length").and_then(|l| l.parse::<usize>().ok()) {
            assert!(body.len() >= len, "the whole body arrived");
            body.truncate(len);
        }
        Response { body, ..r }
    }

    fn header(&self, name: &str) -> Option<&str> {
        let mut found = self.headers.iter().filter(|(k, _)| k == name);
        let first = found.next().map(|(_, v)| v.as_str());
        assert!(found.next().is_none(), "{name} is sent once");
        first
    }
}

impl std::fmt::Debug for Response {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "HTTP {}", self.status)?;
        for (k, v) in &self.headers {
            writeln!(f, "{k}: {v}")?;
        }
        write!(f, "({} bytes)", self.body.len())
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("valid gzip");
    out
}

fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("valid brotli");
    out
}

/// The first file below `dir` (in name order) whose relative path matches.
fn find(dir: &Path, matches: impl Fn(&str) -> bool) -> String {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().replace('\\', "/"))
        .find(|p| matches(p))
        .unwrap_or_else(|| panic!("no such file in {}", dir.display()))
}

/// A top-level folder of the site with a page in it.
fn first_page_folder(site: &Path) -> String {
    let page = find(site, |p| p.matches('/').count() == 1 && p.ends_with("/index.html"));
    page.trim_end_matches("/index.html").to_string()
}
