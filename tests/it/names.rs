//! Names a screen-reader user navigates by (WCAG 2.4.2 and 2.4.4): across a whole built site
//! no two pages share a `<title>`, and on no page do two links with the same accessible name
//! lead to different places (a list of links must tell them apart).

use crate::common::*;
use std::collections::BTreeMap;
use std::path::Path;

/// `&amp;` and friends back to text; numeric references too.
fn decode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|e| *e < 12) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let c = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "nbsp" => Some(' '),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16).ok().and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = tag.find(&key)? + key.len();
    let end = tag[at..].find('"')?;
    Some(&tag[at..at + end])
}

const INLINE: &[&str] = &[
    "span", "abbr", "b", "strong", "em", "i", "time", "mark", "code", "small", "sub", "sup", "dfn", "q", "s",
];

/// The text a screen reader announces for the inside of an element: tags removed, content of
/// `aria-hidden="true"` elements left out, `alt` of images kept.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut i = 0;
    let b = html.as_bytes();
    while i < html.len() {
        if b[i] == b'<' {
            let end = html[i..].find('>').map(|e| i + e + 1).unwrap_or(html.len());
            let tag = &html[i..end];
            if tag.contains("aria-hidden=\"true\"") && !tag.ends_with("/>") {
                let name: String = tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
                // Skip to the matching close tag (same name, nesting counted).
                let (open, close) = (format!("<{name}"), format!("</{name}>"));
                let mut depth = 1;
                let mut j = end;
                while depth > 0 && j < html.len() {
                    let next_open = html[j..].find(&open).map(|p| j + p);
                    let next_close = html[j..].find(&close).map(|p| j + p);
                    match (next_open, next_close) {
                        (Some(o), Some(c)) if o < c => {
                            depth += 1;
                            j = o + open.len();
                        }
                        (_, Some(c)) => {
                            depth -= 1;
                            j = c + close.len();
                        }
                        _ => j = html.len(),
                    }
                }
                i = j;
                continue;
            }
            if tag.starts_with("<img")
                && let Some(alt) = attr(tag, "alt")
            {
                out.push_str(alt);
            }
            // Inline elements join their text; others break it.
            let name: String = tag
                .trim_start_matches(['<', '/'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            if !INLINE.contains(&name.as_str()) {
                out.push(' ');
            }
            i = end;
        } else {
            let next = html[i..].find('<').map(|p| i + p).unwrap_or(html.len());
            out.push_str(&html[i..next]);
            i = next;
        }
    }
    decode(&out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every link of a page: (accessible name, target).
fn links_of(html: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("<a ") {
        let after = &rest[i..];
        let Some(tag_end) = after.find('>') else { break };
        let tag = &after[..tag_end + 1];
        let Some(close) = after.find("</a>") else { break };
        if let Some(href) = attr(tag, "href") {
            let name = match attr(tag, "aria-label") {
                Some(l) => decode(l),
                None => text_of(&after[tag_end + 1..close]),
            };
            out.push((name, decode(href)));
        }
        rest = &after[close + 4..];
    }
    out
}

fn title_of(html: &str) -> String {
    let start = html.find("<title>").map(|i| i + 7).unwrap_or(0);
    let end = html[start..].find("</title>").map(|e| start + e).unwrap_or(start);
    decode(&html[start..end])
}

/// Problems with titles and link names in the built site at `out`.
fn name_problems(out: &Path) -> Vec<String> {
    let mut problems = Vec::new();
    let mut titles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (path, bytes) in tree(out).into_iter().filter(|(p, _)| p.ends_with(".html")) {
        let html = String::from_utf8(bytes).unwrap();
        let title = title_of(&html);
        if title.trim().is_empty() {
            problems.push(format!("{path}: no <title>"));
        }
        titles.entry(title).or_default().push(path.clone());
        let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (name, href) in links_of(&html) {
            if name.is_empty() {
                problems.push(format!("{path}: a link to {href} has no name"));
                continue;
            }
            let targets = by_name.entry(name.to_lowercase()).or_default();
            if !targets.contains(&href) {
                targets.push(href);
            }
        }
        for (name, targets) in by_name {
            if targets.len() > 1 {
                problems.push(format!(
                    "{path}: {} links named “{name}” go to different places: {}",
                    targets.len(),
                    targets.join(", ")
                ));
            }
        }
    }
    for (title, pages) in titles {
        if pages.len() > 1 {
            problems.push(format!(
                "{} pages share the title “{title}”: {}",
                pages.len(),
                pages.join(", ")
            ));
        }
    }
    problems
}

#[test]
fn the_checker_sees_what_it_should() {
    let html = "<title>A &amp; B</title><a href=\"/x/\">CSV<span class=\"visually-hidden\">, uppdraget A</span></a>\
        <a href=\"/y/\">CSV<span class=\"visually-hidden\">, uppdraget A</span></a>\
        <a href=\"/z/\"><span aria-hidden=\"true\">✔<span>x</span></span> Ok</a><a href=\"/w/\" aria-label=\"Ok\">Annat</a>";
    assert_eq!(title_of(html), "A & B");
    let l = links_of(html);
    assert_eq!(l[0], ("CSV, uppdraget A".to_string(), "/x/".to_string()));
    assert_eq!(l[2].0, "Ok");
    assert_eq!(l[3].0, "Ok");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.html"), html).unwrap();
    std::fs::write(dir.path().join("b.html"), "<title>A &amp; B</title>").unwrap();
    let p = name_problems(dir.path());
    assert_eq!(p.len(), 3, "{p:?}");
    assert!(p.iter().any(|x| x.contains("links named “csv, uppdraget a”")));
    assert!(p.iter().any(|x| x.contains("links named “ok”")));
    assert!(p.iter().any(|x| x.contains("2 pages share the title “A & B”")));
}

#[test]
fn every_page_has_its_own_title_and_every_link_name_one_target() {
    for (name, root) in [
        ("the example site", Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()),
        ("the report fixture", fixture("report")),
    ] {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let run = insyn(&root, &["build", "--output", out.to_str().unwrap()]);
        assert!(run.ok, "{name} must build:\n{}", run.stderr);
        let problems = name_problems(&out);
        assert!(problems.is_empty(), "{name}:\n{}", problems.join("\n"));
    }
}
