//! After everything is rendered, and before anything is written: every internal link and
//! asset reference in every output file must point at a file in the output.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::OutputFile;
use crate::write::Plan;
use crate::write::paths::{KeyMap, KeySet, key};
use rayon::prelude::*;
use std::sync::Arc;

/// Attribute values (`href="…"`, `src="…"`) and CSS `url(…)`s that reference other files, by
/// kind of opening (the caller sorts them). It runs over every byte of the site, so each of
/// the three openings is looked for with a substring search (`memchr::memmem`, many bytes at
/// a time) rather than stopping at every quote: a page's charts alone have some hundreds of
/// attributes.
fn references(text: &[u8]) -> Vec<&str> {
    use memchr::memmem::Finder;
    use std::sync::LazyLock;
    static OPENINGS: LazyLock<[(Finder<'static>, u8); 3]> = LazyLock::new(|| {
        [
            (Finder::new(b"href=\""), b'"'),
            (Finder::new(b"src=\""), b'"'),
            (Finder::new(b"url("), b')'),
        ]
    });
    let mut found = Vec::new();
    for (finder, end) in OPENINGS.iter() {
        for at in finder.find_iter(text) {
            let start = at + finder.needle().len();
            let Some(len) = memchr::memchr(*end, &text[start..]) else {
                continue;
            };
            let Ok(v) = std::str::from_utf8(&text[start..start + len]) else {
                continue;
            };
            found.push(if *end == b')' {
                v.trim_matches(['"', '\'', ' '])
            } else {
                v
            });
        }
    }
    found
}

/// Decode `&amp;` and percent-escapes the way a browser would before asking the server.
fn unescape(s: &str) -> String {
    if !s.contains(['%', '&']) {
        return s.to_string();
    }
    crate::urls::percent_decode(&s.replace("&amp;", "&"))
}

/// What checking one file's links found: its problems, and (hashed) every path its links
/// lead to, so that it is checked again when one of them comes or goes.
struct Checked {
    file: Arc<OutputFile>,
    problems: Vec<Diagnostic>,
    /// Half of each target's key: two paths sharing one only make a file be checked again.
    targets: Vec<u32>,
}

/// The link check of the last run: a file that is the same (the same file in memory) is not
/// checked again unless a path its links lead to came or went.
#[derive(Default)]
pub struct Memo {
    /// Whether to remember anything (a build checks once and needs nothing kept).
    keep: bool,
    base_path: String,
    paths: KeySet,
    checked: KeyMap<Checked>,
}

pub fn checkable(path: &str) -> bool {
    let sitemap =
        path == "sitemap.xml" || (path.starts_with("sitemap-") && path.ends_with(".xml") && !path.contains('/'));
    [".html", ".css", ".xml"].iter().any(|e| path.ends_with(e)) && !sitemap && path != "atom.xml"
}

impl Memo {
    /// A memo that remembers the last check, for the next.
    pub fn keep() -> Memo {
        Memo {
            keep: true,
            ..Memo::default()
        }
    }

    /// Check every output file's internal references against the files of the plan (those
    /// written as they were made were read with `refs`).
    pub fn verify(&mut self, plan: &Plan, base_path: &str, refs: &Refs) -> Result<(), Diagnostics> {
        if self.base_path != base_path {
            *self = Memo {
                keep: self.keep,
                base_path: base_path.to_string(),
                ..Memo::default()
            };
        }
        // Paths by a 64-bit hash of their name: with some tens of thousands of files, two
        // names sharing one is too unlikely to matter.
        let keys: Vec<u64> = plan.files.iter().map(|f| key(&f.path)).collect();
        let mut paths = KeySet::with_capacity_and_hasher(plan.len(), Default::default());
        paths.extend(keys.iter().copied());
        paths.extend(plan.streamed.iter().map(|r| key(&r.path)));
        paths.extend(plan.copies.iter().map(|c| key(&c.to)));
        // Looked up for every link of every page kept from the last run (a million lookups
        // at 10,000 pages, when the search index's parts got new names): a fast hash.
        let came_or_went: rustc_hash::FxHashSet<u32> =
            if !self.keep || paths.len() == self.paths.len() && paths.iter().all(|k| self.paths.contains(k)) {
                Default::default()
            } else {
                paths.symmetric_difference(&self.paths).map(|k| *k as u32).collect()
            };
        let checkable: Vec<(u64, &Arc<OutputFile>)> = keys
            .iter()
            .copied()
            .zip(&plan.files)
            .filter(|(_, f)| checkable(&f.path))
            .collect();
        let todo: Vec<&Arc<OutputFile>> = checkable
            .par_iter()
            .filter(|(k, f)| match self.checked.get(k) {
                Some(c) => {
                    c.file.path != f.path
                        || !Arc::ptr_eq(&c.file, f)
                        || c.targets.iter().any(|t| came_or_went.contains(t))
                }
                None => true,
            })
            .map(|(_, f)| *f)
            .collect();
        let exists = |k: u64| paths.contains(&k);
        let fresh: Vec<Checked> = todo
            .par_iter()
            .map(|f| check_file(f, base_path, &exists, self.keep))
            .collect();
        // Files written as they were made: checked from what was read from them then.
        let table = refs.0.lock().unwrap_or_else(|p| p.into_inner());
        let streamed: Vec<Diagnostic> = plan
            .streamed
            .par_iter()
            .filter_map(|r| r.links.as_ref().map(|scan| (r, scan)))
            .flat_map_iter(|(r, scan)| scan.judge(&r.path, base_path, &table, &exists, false).0)
            .collect();
        drop(table);
        if !self.keep {
            let mut diags = Diagnostics::new();
            fresh.into_iter().flat_map(|c| c.problems).for_each(|d| diags.push(d));
            streamed.into_iter().for_each(|d| diags.push(d));
            return diags.into_result(());
        }
        for c in fresh {
            self.checked.insert(key(&c.file.path), c);
        }
        if self.checked.len() != checkable.len() {
            let now: KeySet = checkable.iter().map(|(k, _)| *k).collect();
            self.checked.retain(|k, _| now.contains(k));
        }
        self.paths = paths;
        let mut diags = Diagnostics::new();
        for c in self.checked.values() {
            c.problems.iter().cloned().for_each(|d| diags.push(d));
        }
        streamed.into_iter().for_each(|d| diags.push(d));
        diags.into_result(())
    }
}

/// Every internal reference of the files written as they were made, each kept once: a file
/// keeps only the numbers of its references. At portal scale most pages share most of their
/// links (menus, the report's table of contents, the stylesheet), and one list a page was
/// hundreds of MB; a reference that starts with `/` means the same file from every page, so
/// it is also resolved only once.
#[derive(Default)]
pub struct Refs(std::sync::Mutex<RefTable>);

#[derive(Default)]
struct RefTable {
    /// References starting with `/`, by a hash of their text.
    absolute: rustc_hash::FxHashMap<u64, u32>,
    /// Other references, by the keys of their two possible files and a hash of their text.
    relative: rustc_hash::FxHashMap<(u64, u64, u64), u32>,
    entries: Vec<Ref>,
}

/// One internal reference: the keys of the two files it may mean, and its text (for messages).
struct Ref {
    candidate: u64,
    folder: u64,
    text: Box<str>,
}

fn text_hash(text: &str) -> u64 {
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(text.as_bytes());
    h.finish()
}

impl RefTable {
    /// The number of reference `r` from a file in `dir`: `Ok(None)` for a reference to another
    /// site, an error when it leads out of this one.
    fn number(&mut self, r: &str, dir: &str, base_path: &str) -> Result<Option<u32>, String> {
        let hash = text_hash(r);
        let absolute = r.starts_with('/') && !r.starts_with("//");
        if absolute
            && let Some(&n) = self.absolute.get(&hash)
            && *self.entries[n as usize].text == *r
        {
            return Ok(Some(n));
        }
        let Some((candidate, folder)) = target(r, dir, base_path)? else {
            return Ok(None);
        };
        let (candidate, folder) = (key(&candidate), key(&folder));
        if !absolute
            && let Some(&n) = self.relative.get(&(candidate, folder, hash))
            && *self.entries[n as usize].text == *r
        {
            return Ok(Some(n));
        }
        let n = self.entries.len() as u32;
        self.entries.push(Ref {
            candidate,
            folder,
            text: r.into(),
        });
        if absolute {
            self.absolute.entry(hash).or_insert(n);
        } else {
            self.relative.entry((candidate, folder, hash)).or_insert(n);
        }
        Ok(Some(n))
    }
}

/// One file's references, read as the file was made (so that the file need not be kept):
/// what leads out of the site (a problem already), and the number of each internal
/// reference in the [`Refs`] it was read with.
#[derive(Debug, Clone)]
pub struct Scan {
    problems: Vec<Diagnostic>,
    refs: Box<[u32]>,
}

impl Scan {
    /// `None` for a file whose links are not checked.
    pub fn of(path: &str, bytes: &[u8], base_path: &str, refs: &Refs) -> Option<Scan> {
        if !checkable(path) {
            return None;
        }
        let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let mut found = references(bytes);
        found.sort_unstable();
        found.dedup();
        let mut problems = Vec::new();
        let mut numbers = Vec::with_capacity(found.len());
        let mut table = refs.0.lock().unwrap_or_else(|p| p.into_inner());
        for r in found {
            match table.number(r, dir, base_path) {
                Ok(None) => {}
                Ok(Some(n)) => numbers.push(n),
                Err(problem) => problems.push(broken(path, r, &problem)),
            }
        }
        Some(Scan {
            problems,
            refs: numbers.into_boxed_slice(),
        })
    }

    /// The problems of the file at `path`, given what exists; with `keep`, also the (halved)
    /// keys of every path its links lead to.
    fn judge(
        &self,
        path: &str,
        base_path: &str,
        refs: &RefTable,
        exists: &(dyn Fn(u64) -> bool + Sync),
        keep: bool,
    ) -> (Vec<Diagnostic>, Vec<u32>) {
        let mut problems = self.problems.clone();
        let mut targets = Vec::new();
        for &n in &self.refs {
            let r = &refs.entries[n as usize];
            if keep {
                targets.push(r.candidate as u32);
                targets.push(r.folder as u32);
            }
            if !exists(r.candidate) && !exists(r.folder) {
                let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                if let Ok(Some((shown, _))) = target(&r.text, dir, base_path) {
                    problems.push(broken(
                        path,
                        &r.text,
                        &format!("pekar på {shown}, som inte finns i utdatan"),
                    ));
                }
            }
        }
        targets.sort_unstable();
        targets.dedup();
        (problems, targets)
    }
}

fn broken(path: &str, reference: &str, problem: &str) -> Diagnostic {
    Diagnostic::new(format!("public/{path}"), 0, format!("länken \"{reference}\" {problem}"))
        .hint("länken kommer från innehållet eller från en mall; rätta länken eller lägg till filen den pekar på")
}

fn check_file(f: &Arc<OutputFile>, base_path: &str, exists: &(dyn Fn(u64) -> bool + Sync), keep: bool) -> Checked {
    let refs = Refs::default();
    let scan = Scan::of(&f.path, &f.bytes, base_path, &refs);
    let table = refs.0.into_inner().unwrap_or_else(|p| p.into_inner());
    let (problems, targets) = match scan {
        Some(scan) => scan.judge(&f.path, base_path, &table, exists, keep),
        None => (Vec::new(), Vec::new()),
    };
    Checked {
        file: f.clone(),
        problems,
        targets,
    }
}

/// The output files a reference may mean (the file, or the folder's `index.html`), or
/// `None` for a reference to another site; an error when it leads out of the site.
fn target(reference: &str, dir: &str, base_path: &str) -> Result<Option<(String, String)>, String> {
    let r = reference.trim();
    if r.is_empty() || r.starts_with('#') || r.starts_with("data:") || r.starts_with("//") {
        return Ok(None);
    }
    if let Some(i) = r.find(':')
        && r[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return Ok(None); // https:, mailto:, tel: …
    }
    let path = unescape(r.split(['#', '?']).next().unwrap_or(""));
    let site_path = if let Some(abs) = path.strip_prefix('/') {
        let Some(inside) = format!("/{abs}").strip_prefix(base_path).map(str::to_string) else {
            return Err(format!("pekar utanför webbplatsens sökväg {base_path}"));
        };
        inside
    } else {
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for p in path.split('/') {
            match p {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Err("pekar utanför webbplatsen".into());
                    }
                }
                other => parts.push(other),
            }
        }
        let mut joined = parts.join("/");
        if path.ends_with('/') && !joined.is_empty() {
            joined.push('/');
        }
        joined
    };
    let candidate = if site_path.is_empty() || site_path.ends_with('/') {
        format!("{site_path}index.html")
    } else {
        site_path.clone()
    };
    Ok(Some((candidate, format!("{site_path}/index.html"))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    fn plan(files: &[(&str, &str)]) -> Plan {
        Plan {
            files: files
                .iter()
                .map(|(p, b)| {
                    Arc::new(OutputFile {
                        path: p.to_string(),
                        bytes: b.as_bytes().to_vec(),
                    })
                })
                .collect(),
            streamed: vec![],
            copies: vec![],
        }
    }

    fn verify(p: &Plan, base_path: &str) -> Result<(), Diagnostics> {
        Memo::default().verify(p, base_path, &Refs::default())
    }

    #[test]
    fn finds_broken_internal_links_only() {
        let p = plan(&[
            (
                "index.html",
                "<a href=\"/insyn/a/\">a</a><a href=\"https://x.se/\">x</a><a href=\"#top\">t</a><link href=\"/insyn/s.css\">",
            ),
            (
                "a/index.html",
                "<a href=\"/insyn/\">h</a><img src=\"bild.png\"><a href=\"/insyn/saknas/\">s</a>",
            ),
            ("a/bild.png", ""),
            ("s.css", "body{background:url(a/bild.png)}"),
        ]);
        let err = verify(&p, "/insyn/").unwrap_err().sorted();
        assert_eq!(err.len(), 1);
        assert_eq!(
            err[0].message,
            "länken \"/insyn/saknas/\" pekar på saknas/index.html, som inte finns i utdatan"
        );
        assert_eq!(err[0].file.to_str().unwrap(), "public/a/index.html");
    }

    /// The way references were found before the substring search: stop at every quote and
    /// parenthesis and look at what stands before it.
    fn references_at_every_quote(text: &[u8]) -> Vec<&str> {
        let mut out = Vec::new();
        let value = |start: usize, end: u8| -> Option<&str> {
            let len = memchr::memchr(end, &text[start..])?;
            std::str::from_utf8(&text[start..start + len]).ok()
        };
        for i in memchr::memchr2_iter(b'"', b'(', text) {
            match text[i] {
                b'"' if text[..i].ends_with(b"href=") || text[..i].ends_with(b"src=") => {
                    out.extend(value(i + 1, b'"'));
                }
                b'(' if text[..i].ends_with(b"url") => {
                    out.extend(value(i + 1, b')').map(|v| v.trim_matches(['"', '\'', ' '])));
                }
                _ => {}
            }
        }
        out
    }

    #[test]
    fn references_are_found_as_at_every_quote() {
        let cases = [
            "<a href=\"/a/\">x</a><img src=\"b.png\" data-src=\"c.png\"><svg><rect x=\"1\"/></svg>",
            "body{background:url(a/bild.png)} p{background:url( \"q.svg\" )} url(",
            "<a title=\"href=\" href=\"/x/\">(url(u))</a><a href=\"ej stängd",
            "<p>href=src=\"\"url()</p><a href=\"/å/%C3%A4/\">ö</a>",
            "",
        ];
        // The same references, whatever their order (the scan sorts them).
        let same = |text: &[u8]| {
            let (mut a, mut b) = (references(text), references_at_every_quote(text));
            a.sort_unstable();
            b.sort_unstable();
            assert_eq!(a, b, "{}", String::from_utf8_lossy(text));
        };
        let whole = cases.concat();
        for text in cases.iter().copied().chain([whole.as_str()]) {
            same(text.as_bytes());
        }
        assert_eq!(references(cases[0].as_bytes()), ["/a/", "b.png", "c.png"]);
        // Every template of the theme gives the same references both ways.
        let site = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/insyn/templates");
        for f in std::fs::read_dir(site).unwrap() {
            let f = f.unwrap().path();
            if f.is_file() {
                same(&std::fs::read(&f).unwrap());
            }
        }
    }

    #[test]
    fn files_written_as_made_share_their_references_and_each_is_checked() {
        let refs = Refs::default();
        let page = |path: &str, html: &str| crate::write::Record {
            path: path.to_string(),
            companions: false,
            links: Scan::of(path, html.as_bytes(), "/insyn/", &refs),
        };
        // The same absolute links from two pages, and the same relative text meaning two files.
        let both = "<a href=\"/insyn/a/\">a</a><a href=\"/insyn/saknas/\">s</a><img src=\"bild.png\">";
        let p = Plan {
            files: vec![],
            streamed: vec![
                page("a/index.html", both),
                page("b/index.html", both),
                page("a/bild.png", ""),
                page("utanfor.html", "<a href=\"/annat/\">x</a>"),
            ],
            copies: vec![],
        };
        let table = refs.0.lock().unwrap();
        assert_eq!(table.entries.len(), 4, "two absolute references once, bild.png twice");
        drop(table);
        let err = Memo::default().verify(&p, "/insyn/", &refs).unwrap_err().sorted();
        let said: Vec<(String, String)> = err
            .iter()
            .map(|d| (d.file.display().to_string(), d.message.clone()))
            .collect();
        assert_eq!(
            said,
            [
                (
                    "public/a/index.html".to_string(),
                    "länken \"/insyn/saknas/\" pekar på saknas/index.html, som inte finns i utdatan".to_string()
                ),
                (
                    "public/b/index.html".to_string(),
                    "länken \"/insyn/saknas/\" pekar på saknas/index.html, som inte finns i utdatan".to_string()
                ),
                (
                    "public/b/index.html".to_string(),
                    "länken \"bild.png\" pekar på b/bild.png, som inte finns i utdatan".to_string()
                ),
                (
                    "public/utanfor.html".to_string(),
                    "länken \"/annat/\" pekar utanför webbplatsens sökväg /insyn/".to_string()
                ),
            ]
        );
    }

    #[test]
    fn links_outside_the_sub_path_are_reported() {
        let p = plan(&[("index.html", "<a href=\"/annat/\">x</a>")]);
        assert!(verify(&p, "/insyn/").is_err());
    }
}
