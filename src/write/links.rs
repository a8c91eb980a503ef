//! After everything is rendered, and before anything is written: every internal link and
//! asset reference in every output file must point at a file in the output.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::OutputFile;
use crate::write::Plan;
use crate::write::paths::{KeyMap, KeySet, key};
use rayon::prelude::*;
use std::sync::Arc;

/// Attribute values (`href="…"`, `src="…"`) and CSS `url(…)`s that reference other files.
/// Scans bytes once, looking only at quote and parenthesis characters (found with `memchr`,
/// many bytes at a time): it runs over every byte of the site.
fn references(text: &[u8]) -> Vec<&str> {
    let mut out = Vec::new();
    let value = |start: usize, end: u8| -> Option<&str> {
        let len = memchr::memchr(end, &text[start..])?;
        std::str::from_utf8(&text[start..start + len]).ok()
    };
    for i in memchr::memchr2_iter(b'"', b'(', text) {
        match text[i] {
            b'"' if text[..i].ends_with(b"href=") || text[..i].ends_with(b"src=") => {
                if let Some(v) = value(i + 1, b'"') {
                    out.push(v);
                }
            }
            b'(' if text[..i].ends_with(b"url") => {
                if let Some(v) = value(i + 1, b')') {
                    out.push(v.trim_matches(['"', '\'', ' ']));
                }
            }
            _ => {}
        }
    }
    out
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

    /// Check every output file's internal references against the files of the plan.
    pub fn verify(&mut self, plan: &Plan, base_path: &str) -> Result<(), Diagnostics> {
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
        let came_or_went: std::collections::HashSet<u32> =
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
            .iter()
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
        let streamed: Vec<Diagnostic> = plan
            .streamed
            .par_iter()
            .filter_map(|r| r.links.as_ref().map(|scan| (r, scan)))
            .flat_map_iter(|(r, scan)| scan.judge(&r.path, base_path, &exists, false).0)
            .collect();
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

/// One file's references, read as the file was made (so that the file need not be kept):
/// what leads out of the site (a problem already), and each internal reference, once, with
/// the keys of the two files it may mean.
#[derive(Debug, Clone)]
pub struct Scan {
    problems: Vec<Diagnostic>,
    /// The keys of each internal reference's two possible files.
    internal: Box<[(u64, u64)]>,
    /// The references' texts one after another (for messages), and where each ends: one
    /// allocation a file instead of one a link, since every page is kept until the check.
    texts: Box<str>,
    ends: Box<[u32]>,
}

impl Scan {
    /// `None` for a file whose links are not checked.
    pub fn of(path: &str, bytes: &[u8], base_path: &str) -> Option<Scan> {
        if !checkable(path) {
            return None;
        }
        let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
        let mut refs = references(bytes);
        refs.sort_unstable();
        refs.dedup();
        let mut problems = Vec::new();
        let mut internal = Vec::new();
        let mut texts = String::new();
        let mut ends = Vec::new();
        for r in refs {
            match target(r, dir, base_path) {
                Ok(None) => {}
                Ok(Some((candidate, folder))) => {
                    internal.push((key(&candidate), key(&folder)));
                    texts.push_str(r);
                    ends.push(texts.len() as u32);
                }
                Err(problem) => problems.push(broken(path, r, &problem)),
            }
        }
        Some(Scan {
            problems,
            internal: internal.into_boxed_slice(),
            texts: texts.into_boxed_str(),
            ends: ends.into_boxed_slice(),
        })
    }

    /// The problems of the file at `path`, given what exists; with `keep`, also the (halved)
    /// keys of every path its links lead to.
    fn judge(
        &self,
        path: &str,
        base_path: &str,
        exists: &(dyn Fn(u64) -> bool + Sync),
        keep: bool,
    ) -> (Vec<Diagnostic>, Vec<u32>) {
        let mut problems = self.problems.clone();
        let mut targets = Vec::new();
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        for ((candidate, folder), (start, end)) in self.internal.iter().zip(starts.zip(self.ends.iter().copied())) {
            let r = &self.texts[start as usize..end as usize];
            if keep {
                targets.push(*candidate as u32);
                targets.push(*folder as u32);
            }
            if !exists(*candidate) && !exists(*folder) {
                let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
                if let Ok(Some((shown, _))) = target(r, dir, base_path) {
                    problems.push(broken(path, r, &format!("pekar på {shown}, som inte finns i utdatan")));
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
    let (problems, targets) = match Scan::of(&f.path, &f.bytes, base_path) {
        Some(scan) => scan.judge(&f.path, base_path, exists, keep),
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
        Memo::default().verify(p, base_path)
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

    #[test]
    fn links_outside_the_sub_path_are_reported() {
        let p = plan(&[("index.html", "<a href=\"/annat/\">x</a>")]);
        assert!(verify(&p, "/insyn/").is_err());
    }
}
