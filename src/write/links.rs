//! After everything is rendered, and before anything is written: every internal link and
//! asset reference in every output file must point at a file in the output.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::OutputFile;
use crate::write::Plan;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// Attribute values (`href="…"`, `src="…"`) and CSS `url(…)`s that reference other files.
/// Scans bytes once, looking only at quote and parenthesis characters: it runs over every
/// byte of the site.
fn references(text: &[u8]) -> Vec<&str> {
    let mut out = Vec::new();
    let value = |start: usize, end: u8| -> Option<&str> {
        let len = text[start..].iter().position(|b| *b == end)?;
        std::str::from_utf8(&text[start..start + len]).ok()
    };
    for (i, b) in text.iter().enumerate() {
        match b {
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
    crate::urls::percent_decode(&s.replace("&amp;", "&"))
}

/// Check every output file's internal references against the files of the plan.
pub fn verify(plan: &Plan, base_path: &str) -> Result<(), Diagnostics> {
    let files: HashSet<&str> = plan
        .files
        .iter()
        .map(|f| f.path.as_str())
        .chain(plan.copies.iter().map(|c| c.0.as_str()))
        .collect();
    verify_files(&plan.files, &|p| files.contains(p), base_path)
}

/// Check the references of `changed` against the files of a whole site held in memory.
pub fn verify_some<V: Sync>(
    changed: &[OutputFile],
    site: &HashMap<String, V>,
    base_path: &str,
) -> Result<(), Diagnostics> {
    verify_files(changed, &|p| site.contains_key(p), base_path)
}

fn verify_files(
    to_check: &[OutputFile],
    exists: &(dyn Fn(&str) -> bool + Sync),
    base_path: &str,
) -> Result<(), Diagnostics> {
    let found: Vec<Vec<Diagnostic>> = to_check
        .par_iter()
        .filter(|f| {
            [".html", ".css", ".xml"].iter().any(|e| f.path.ends_with(e)) && f.path != "sitemap.xml" && f.path != "atom.xml"
        })
        .map(|f| {
            let dir = f.path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
            references(&f.bytes)
                .into_iter()
                .filter_map(|r| {
                    check(r, dir, base_path, exists).map(|problem| {
                        Diagnostic::new(format!("public/{}", f.path), 0, format!("länken \"{r}\" {problem}")).hint(
                            "länken kommer från innehållet eller från en mall; rätta länken eller lägg till filen den pekar på",
                        )
                    })
                })
                .collect()
        })
        .collect();
    let mut diags = Diagnostics::new();
    found.into_iter().flatten().for_each(|d| diags.push(d));
    diags.into_result(())
}

fn check(reference: &str, dir: &str, base_path: &str, exists: &dyn Fn(&str) -> bool) -> Option<String> {
    let r = reference.trim();
    if r.is_empty() || r.starts_with('#') || r.starts_with("data:") || r.starts_with("//") {
        return None;
    }
    if let Some(i) = r.find(':')
        && r[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    {
        return None; // https:, mailto:, tel: …
    }
    let path = unescape(r.split(['#', '?']).next().unwrap_or(""));
    let site_path = if let Some(abs) = path.strip_prefix('/') {
        let Some(inside) = format!("/{abs}").strip_prefix(base_path).map(str::to_string) else {
            return Some(format!("pekar utanför webbplatsens sökväg {base_path}"));
        };
        inside
    } else {
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for p in path.split('/') {
            match p {
                "" | "." => {}
                ".." => {
                    if parts.pop().is_none() {
                        return Some("pekar utanför webbplatsen".into());
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
    if exists(&candidate) || exists(&format!("{site_path}/index.html")) {
        None
    } else {
        Some(format!("pekar på {candidate}, som inte finns i utdatan"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::OutputFile;

    fn plan(files: &[(&str, &str)]) -> Plan {
        Plan {
            files: files
                .iter()
                .map(|(p, b)| OutputFile {
                    path: p.to_string(),
                    bytes: b.as_bytes().to_vec(),
                })
                .collect(),
            copies: vec![],
        }
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
