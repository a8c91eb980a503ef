//! Markdown → HTML for one page: internal links resolved (and checked), headings given ids,
//! raw HTML shown as text, tables made scrollable regions, report blocks left as markers
//! that the page renderer fills in, the first use of each glossary term linked to its
//! explanation, and passages in another language (`[Health Technology Assessment]{lang=en}`)
//! marked with `lang`.

use crate::diagnostics::Diagnostic;
use crate::render::glossary::Marker;
use pulldown_cmark::{BrokenLink, CowStr, Event, HeadingLevel, LinkType, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// What links may point to: content files by their path below `content/`.
pub struct LinkTargets<'a> {
    /// `a/b.md` or `a/_index.md` → site path `/a/b/`.
    pub documents: &'a HashMap<String, String>,
    /// Files beside pages, `a/bild.png` → site path `/a/bild.png`.
    pub files: &'a HashMap<String, String>,
    /// `/` or `/insyn/`.
    pub base_path: &'a str,
    /// Every path the output will have apart from hashed theme assets (`/a/b/`, `/sok/`,
    /// `/a/b/data/x.csv`), for checking root-relative links (`[x](/a/b/)`) where they are written.
    pub site_paths: &'a HashSet<String>,
    /// The glossary's terms, if the site has a glossary page.
    pub terms: Option<&'a Marker>,
}

/// The address a language span (`[text]{lang=en}`) is given while parsing: never a real link.
const LANG_SCHEME: &str = "insyn-lang:";

/// `{lang=en}` at the start of `rest`: the whole attribute and the language tag.
fn lang_attribute(rest: &str) -> Option<(&str, &str)> {
    let inner = rest.strip_prefix("{lang=")?;
    let end = inner.find('}')?;
    let tag = &inner[..end];
    (!tag.contains(['{', '\n'])).then(|| (&rest[..end + 7], tag.trim().trim_matches('"')))
}

/// A language tag as HTML wants it (BCP 47, e.g. `en`, `en-GB`, `sma`): two or three letters,
/// then subtags of two to eight letters or digits.
fn valid_lang(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_alphabetic())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Plain text of the page, for the search index.
    pub text: String,
}

const MARKER: &str = "<!--insyn-block-";

/// Marker left in the HTML where block number `n` of the page goes.
pub fn block_marker(n: usize) -> String {
    format!("{MARKER}{n}-->")
}

/// Put each block's HTML where its marker is, in one pass over the page.
pub fn splice_blocks(html: &str, blocks: &[String]) -> String {
    let mut out = String::with_capacity(html.len() + blocks.iter().map(String::len).sum::<usize>());
    let mut rest = html;
    while let Some(at) = rest.find(MARKER) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MARKER.len()..];
        let n = after
            .find("-->")
            .and_then(|end| after[..end].parse::<usize>().ok().map(|n| (n, end)));
        match n {
            Some((n, end)) if n < blocks.len() => {
                out.push_str(&blocks[n]);
                rest = &after[end + 3..];
            }
            _ => {
                out.push_str(MARKER);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Render a page's Markdown. `blocks` are the byte offsets of the page's report blocks in
/// `body` (from the loader, which read them with the same parser): each fenced block that
/// starts there becomes the marker of its block, wherever it stands (in a quote, in a list).
pub fn render(
    body: &str,
    body_first_line: usize,
    rel: &str,
    file: &Path,
    targets: &LinkTargets,
    blocks: &[usize],
    diags: &mut Vec<Diagnostic>,
) -> Rendered {
    let opts = crate::policy::MARKDOWN;
    let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut events: Vec<Event> = Vec::new();
    let mut headings = Vec::new();
    let mut used_ids: HashSet<String> = HashSet::new();
    let mut next_suffix: HashMap<String, usize> = HashMap::new();
    let mut text = String::new();
    let mut in_heading: Option<(usize, u8)> = None;
    let mut heading_text = String::new();
    let mut skipping_block = false;
    let mut table_count = 0;
    // Glossary terms are marked in running text: not in headings, links, images, code or
    // passages in another language. Text waits in `pending` until the run ends, so that a
    // term broken over two lines is found.
    let mut pending = String::new();
    let mut used_terms: HashSet<usize> = HashSet::new();
    let mut no_terms = 0usize; // depth of links, images, code blocks and language spans
    let mut links: Vec<bool> = Vec::new(); // per open link: is it a language span?
    let mut strip_next: Option<String> = None; // `{lang=…}` after a closed language span
    // Line numbers for messages, from an index of line ends built on first use.
    let line_ends = std::cell::OnceCell::new();
    let line_of = |offset: usize| {
        let ends: &Vec<usize> = line_ends.get_or_init(|| body.match_indices('\n').map(|(i, _)| i).collect());
        body_first_line + ends.partition_point(|&e| e < offset)
    };
    // A link's target as the output needs it; a broken one is reported with its line.
    let resolve_or_report = |dest: &str, offset: usize, diags: &mut Vec<Diagnostic>| -> CowStr<'static> {
        CowStr::from(resolve(dest, dir, targets).unwrap_or_else(|(problem, hint)| {
            diags.push(Diagnostic::new(file, line_of(offset), problem).hint(hint));
            dest.to_string()
        }))
    };
    let flush = |pending: &mut String, events: &mut Vec<Event>, used: &mut HashSet<usize>| {
        if pending.is_empty() {
            return;
        }
        match targets.terms {
            Some(m) => events.push(Event::Html(CowStr::from(m.mark(pending, used)))),
            None => events.push(Event::Text(CowStr::from(pending.clone()))),
        }
        pending.clear();
    };
    // `[text]{lang=en}`: a shortcut reference without a definition, followed by `{lang=…}`.
    let lang_spans = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        if link.link_type != LinkType::Shortcut {
            return None;
        }
        let (_, tag) = lang_attribute(&body[link.span.end..])?;
        Some((CowStr::from(format!("{LANG_SCHEME}{tag}")), CowStr::from("")))
    };
    for (event, range) in Parser::new_with_broken_link_callback(body, opts, Some(lang_spans)).into_offset_iter() {
        if skipping_block {
            if matches!(event, Event::End(TagEnd::CodeBlock)) {
                skipping_block = false;
            }
            continue;
        }
        let event = match (event, strip_next.take()) {
            (Event::Text(t), Some(attr)) if t.starts_with(attr.as_str()) => {
                let rest = t[attr.len()..].to_string();
                if rest.is_empty() {
                    continue;
                }
                Event::Text(CowStr::from(rest))
            }
            (e, _) => e,
        };
        let markable = in_heading.is_none() && no_terms == 0;
        match &event {
            Event::Text(t) if markable => {
                text.push_str(t);
                pending.push_str(t);
                continue;
            }
            Event::SoftBreak if markable && !pending.is_empty() => {
                text.push(' ');
                pending.push('\n');
                continue;
            }
            _ => flush(&mut pending, &mut events, &mut used_terms),
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) if blocks.binary_search(&range.start).is_ok() => {
                let n = blocks.binary_search(&range.start).unwrap_or_default();
                events.push(Event::Html(CowStr::from(block_marker(n))));
                skipping_block = true;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let lvl = (heading_number(level)).max(2);
                in_heading = Some((events.len(), lvl));
                heading_text.clear();
                events.push(Event::Text(CowStr::from("")));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, lvl)) = in_heading.take() {
                    let base = crate::model::slugify(&heading_text);
                    let base = if base.is_empty() { "avsnitt".to_string() } else { base };
                    // The first free of base, base-2, base-3 …; the search for each base goes
                    // on where the last one stopped (the ids before it are all taken), so that
                    // thousands of equal headings take linear time.
                    let mut id = base.clone();
                    let next = next_suffix.entry(base.clone()).or_insert(2);
                    while !used_ids.insert(id.clone()) {
                        id = format!("{base}-{next}");
                        *next += 1;
                    }
                    events[at] = Event::Html(CowStr::from(format!("<h{lvl} id=\"{id}\">")));
                    events.push(Event::Html(CowStr::from(format!("</h{lvl}>\n"))));
                    headings.push(Heading {
                        level: lvl,
                        id,
                        title: heading_text.trim().to_string(),
                    });
                    text.push('\n');
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(LANG_SCHEME) => {
                let tag = &dest_url[LANG_SCHEME.len()..];
                if !valid_lang(tag) {
                    diags.push(
                        Diagnostic::new(file, line_of(range.start), format!("\"{tag}\" är ingen språkkod"))
                            .hint("skriv språkets kod med två bokstäver, till exempel [Health Technology Assessment]{lang=en} för engelska"),
                    );
                }
                let mut attr = String::new();
                crate::render::glossary::escape_html(&mut attr, tag);
                events.push(Event::Html(CowStr::from(format!("<span lang=\"{attr}\">"))));
                links.push(true);
                no_terms += 1;
            }
            Event::End(TagEnd::Link) if links.last() == Some(&true) => {
                links.pop();
                no_terms -= 1;
                events.push(Event::Html(CowStr::from("</span>")));
                // The `{lang=…}` after the span is not part of the text.
                strip_next = lang_attribute(&body[range.end..]).map(|(attr, _)| attr.to_string());
            }
            Event::Start(mut tag @ (Tag::Link { .. } | Tag::Image { .. })) => {
                if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
                    *dest_url = resolve_or_report(dest_url, range.start, diags);
                }
                if matches!(tag, Tag::Link { .. }) {
                    links.push(false);
                }
                no_terms += 1;
                events.push(Event::Start(tag));
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if end == TagEnd::Link {
                    links.pop();
                }
                no_terms = no_terms.saturating_sub(1);
                events.push(Event::End(end));
            }
            Event::Start(tag @ Tag::CodeBlock(_)) => {
                no_terms += 1;
                events.push(Event::Start(tag));
            }
            Event::End(TagEnd::CodeBlock) => {
                no_terms = no_terms.saturating_sub(1);
                events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Table(align)) => {
                table_count += 1;
                // The region is named by the heading above the table, where there is one.
                let label = match headings.last() {
                    Some(h) => format!("aria-labelledby=\"{}\"", h.id),
                    None => format!("aria-label=\"Tabell {table_count}\""),
                };
                events.push(Event::Html(CowStr::from(format!(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" {label}>"
                ))));
                events.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                events.push(Event::End(TagEnd::Table));
                events.push(Event::Html(CowStr::from("</div>")));
            }
            // Editors' text is text: HTML typed into Markdown is shown, not run.
            Event::Html(h) | Event::InlineHtml(h) => {
                text.push_str(&h);
                events.push(Event::Text(h));
            }
            Event::Text(t) => {
                if in_heading.is_some() {
                    heading_text.push_str(&t);
                }
                text.push_str(&t);
                events.push(Event::Text(t));
            }
            Event::Code(t) => {
                if in_heading.is_some() {
                    heading_text.push_str(&t);
                }
                text.push_str(&t);
                events.push(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                text.push(' ');
                events.push(event);
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                text.push('\n');
                events.push(event);
            }
            other => events.push(other),
        }
    }
    flush(&mut pending, &mut events, &mut used_terms);
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    Rendered { html, headings, text }
}

fn heading_number(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Where a link in the content of directory `dir` goes. Err = (problem, hint).
pub fn resolve(dest: &str, dir: &str, t: &LinkTargets) -> Result<String, (String, String)> {
    if let Some(scheme) = crate::load::script_scheme(dest) {
        return Err((
            format!("länken \"{dest}\" använder {scheme}, som kan köra kod i läsarens webbläsare"),
            "länka till en webbadress (https://…) eller till en fil bredvid sidan".to_string(),
        ));
    }
    if dest.is_empty() || dest.starts_with('#') || has_scheme(dest) || dest.starts_with("//") {
        return Ok(dest.to_string());
    }
    let (path, fragment) = match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    };
    let path = crate::urls::percent_decode(path);
    if let Some(abs) = path.strip_prefix('/') {
        // Root-relative: the site's root, which may be a sub-path on the host.
        if join("", abs).is_none() {
            return Err((
                format!("länken \"{dest}\" pekar utanför webbplatsen"),
                "länka bara till sidor och filer inom webbplatsen".to_string(),
            ));
        }
        let mut site_path = format!("/{}", join("", abs).unwrap_or_default());
        if (abs.ends_with('/') || abs.is_empty()) && !site_path.ends_with('/') {
            site_path.push('/');
        }
        let site_path = site_path.strip_suffix("index.html").unwrap_or(&site_path).to_string();
        if !(t.site_paths.contains(&site_path) || t.site_paths.contains(&format!("{site_path}/"))) {
            let mut known: Vec<&str> = t.site_paths.iter().map(String::as_str).collect();
            known.sort_unstable();
            let hint = match crate::diagnostics::did_you_mean(&site_path, known) {
                Some(s) => format!("menade du {s}? En länk som börjar med / räknas från webbplatsens början"),
                None => "en länk som börjar med / räknas från webbplatsens början; länka hellre till .md-filen, till exempel [Resultat](resultat.md)".to_string(),
            };
            return Err((
                format!("länken \"{dest}\" pekar på {site_path}, som inte finns på webbplatsen"),
                hint,
            ));
        }
        return Ok(format!("{}{}{}", t.base_path, abs, fragment));
    }
    let joined = join(dir, &path).ok_or_else(|| {
        (
            format!("länken \"{dest}\" pekar utanför content/"),
            "länka bara till filer inom webbplatsen".to_string(),
        )
    })?;
    let candidates = [
        joined.clone(),
        format!("{joined}/_index.md").trim_start_matches('/').to_string(),
        format!("{}/_index.md", joined.trim_end_matches('/'))
            .trim_start_matches('/')
            .to_string(),
    ];
    let is_dir_link = path.ends_with('/') || path == "." || path == ".." || path.ends_with("/..");
    for c in &candidates {
        if let Some(site_path) = t.documents.get(c.as_str()) {
            return Ok(format!(
                "{}{}{}",
                t.base_path,
                site_path.trim_start_matches('/'),
                fragment
            ));
        }
    }
    if !is_dir_link && let Some(site_path) = t.files.get(joined.as_str()) {
        return Ok(format!(
            "{}{}{}",
            t.base_path,
            site_path.trim_start_matches('/'),
            fragment
        ));
    }
    let shown = if joined.is_empty() {
        "content/".to_string()
    } else {
        format!("content/{joined}")
    };
    let mut keys: Vec<&str> = t.documents.keys().map(String::as_str).collect();
    keys.sort_unstable();
    let hint = match crate::diagnostics::did_you_mean(&joined, keys) {
        Some(s) => format!("menade du content/{s}? Länka till .md-filen med en sökväg relativ till den här filen"),
        None => "länka till .md-filen med en sökväg relativ till den här filen, till exempel [Resultat](resultat.md)"
            .to_string(),
    };
    Err((format!("länken \"{dest}\" pekar på {shown}, som inte finns"), hint))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) => s[..i].chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) && i > 0,
        None => false,
    }
}

/// `a/b` + `../c.md` → `a/c.md`; None when it climbs out of the root.
fn join(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for p in rel.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets() -> (HashMap<String, String>, HashMap<String, String>) {
        let mut d = HashMap::new();
        d.insert("rs/2023/_index.md".to_string(), "/rs/2023/".to_string());
        d.insert("rs/2023/resultat.md".to_string(), "/rs/2023/resultat/".to_string());
        d.insert("rs/2020/_index.md".to_string(), "/rs/2020/".to_string());
        d.insert("rs/_index.md".to_string(), "/rs/".to_string());
        let mut f = HashMap::new();
        f.insert("rs/2023/bild.png".to_string(), "/rs/2023/bild.png".to_string());
        (d, f)
    }

    fn go(body: &str) -> (Rendered, Vec<Diagnostic>) {
        let (d, f) = targets();
        let paths: HashSet<String> = [
            "/",
            "/rs/",
            "/rs/2023/",
            "/rs/2023/resultat/",
            "/rs/2020/",
            "/rs/2023/bild.png",
        ]
        .iter()
        .map(|p| p.to_string())
        .collect();
        let t = LinkTargets {
            documents: &d,
            files: &f,
            base_path: "/insyn/",
            site_paths: &paths,
            terms: None,
        };
        let mut diags = Vec::new();
        let blocks: Vec<usize> = body.match_indices("```uppdrag").map(|(i, _)| i).collect();
        let r = render(
            body,
            5,
            "rs/2023/oversikt.md",
            Path::new("content/rs/2023/oversikt.md"),
            &t,
            &blocks,
            &mut diags,
        );
        (r, diags)
    }

    #[test]
    fn internal_links_resolve_under_sub_path() {
        let (r, d) = go(
            "[R](resultat.md) [Förra](../2020/_index.md#ekonomi) [Org](../) ![b](bild.png) [Ext](https://kolada.se/) [Hem](/)",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(r.html.contains("href=\"/insyn/rs/2023/resultat/\""));
        assert!(r.html.contains("href=\"/insyn/rs/2020/#ekonomi\""));
        assert!(r.html.contains("href=\"/insyn/rs/\""));
        assert!(r.html.contains("src=\"/insyn/rs/2023/bild.png\""));
        assert!(r.html.contains("href=\"https://kolada.se/\""));
        assert!(r.html.contains("href=\"/insyn/\""));
    }

    #[test]
    fn broken_link_names_file_and_line() {
        let (_, d) = go("Rad ett\n\nSe [resultatet](resultet.md).\n");
        assert_eq!(d.len(), 1);
        assert_eq!(
            d[0].to_string(),
            "content/rs/2023/oversikt.md:7: fel: länken \"resultet.md\" pekar på content/rs/2023/resultet.md, som inte finns\n  tips: menade du content/rs/2023/resultat.md? Länka till .md-filen med en sökväg relativ till den här filen"
        );
    }

    #[test]
    fn html_in_text_is_escaped_and_headings_get_ids() {
        let (r, _) = go("# Ekonomi\n\n<script>alert(1)</script>\n\n## Ekonomi\n");
        assert!(r.html.contains("&lt;script&gt;"));
        assert!(!r.html.contains("<script>"));
        assert!(r.html.contains("<h2 id=\"ekonomi\">Ekonomi</h2>"));
        assert!(r.html.contains("<h2 id=\"ekonomi-2\">"));
    }

    #[test]
    fn blocks_become_markers_where_they_stand() {
        let (r, _) = go("Före\n\n```uppdrag\nuppdrag: []\n```\n\nEfter\n");
        assert!(r.html.contains("<!--insyn-block-0-->"));
        assert!(!r.html.contains("uppdrag: []"));
        let (r, _) =
            go("> Citat\n>\n> ```uppdrag\n> uppdrag: []\n> ```\n\n- punkt\n\n  ```uppdrag\n  uppdrag: []\n  ```\n");
        let quote = r.html.find("<blockquote>").unwrap();
        let first = r.html.find("<!--insyn-block-0-->").unwrap();
        let end_quote = r.html.find("</blockquote>").unwrap();
        assert!(quote < first && first < end_quote, "{}", r.html);
        let li = r.html.find("<li>").unwrap();
        let second = r.html.find("<!--insyn-block-1-->").unwrap();
        assert!(li < second && second < r.html.find("</li>").unwrap(), "{}", r.html);
    }

    #[test]
    fn splicing_is_one_pass_and_leaves_text_alone() {
        let html = "a<!--insyn-block-1-->b<!--insyn-block-0-->c<!--insyn-block-9-->";
        assert_eq!(
            splice_blocks(html, &["X".into(), "Y".into()]),
            "aYbXc<!--insyn-block-9-->"
        );
    }

    #[test]
    fn root_relative_links_are_checked_where_they_are_written() {
        let (r, d) = go("[ok](/rs/2023/resultat/) [utan snedstreck](/rs/2020) [fel](/rs/2023/resultet/)");
        assert!(r.html.contains("href=\"/insyn/rs/2023/resultat/\""));
        assert!(r.html.contains("href=\"/insyn/rs/2020\""));
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!(
            d[0].message,
            "länken \"/rs/2023/resultet/\" pekar på /rs/2023/resultet/, som inte finns på webbplatsen"
        );
        assert_eq!(d[0].line, 5);
        assert!(
            d[0].hint
                .as_deref()
                .unwrap()
                .starts_with("menade du /rs/2023/resultat/?")
        );
    }

    fn go_with_terms(body: &str) -> (Rendered, Vec<Diagnostic>) {
        let (d, f) = targets();
        let paths = HashSet::new();
        let marker = Marker::new(&crate::load::glossary::standard(), "/insyn/begrepp/".into());
        let t = LinkTargets {
            documents: &d,
            files: &f,
            base_path: "/insyn/",
            site_paths: &paths,
            terms: Some(&marker),
        };
        let mut diags = Vec::new();
        let r = render(
            body,
            1,
            "rs/2023/a.md",
            Path::new("content/rs/2023/a.md"),
            &t,
            &[],
            &mut diags,
        );
        (r, diags)
    }

    #[test]
    fn other_languages_are_marked_and_their_words_left_alone() {
        let (r, d) = go_with_terms(
            "HTA står för ”[Health Technology Assessment]{lang=en}” och appen *[A day in Halland]{lang=en-GB}*.\n\n[avvikelse i prognos]{lang=en}",
        );
        assert!(d.is_empty(), "{d:?}");
        assert!(
            r.html.contains("HTA står för ”<span lang=\"en\">Health Technology Assessment</span>” och appen <em><span lang=\"en-GB\">A day in Halland</span></em>."),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<p><span lang=\"en\">avvikelse i prognos</span></p>"),
            "no glossary links in English: {}",
            r.html
        );
        assert!(!r.text.contains("{lang"), "{}", r.text);
        let (_, d) = go_with_terms("Text.\n\n[Hello]{lang=english}");
        assert_eq!(d.len(), 1, "{d:?}");
        assert_eq!((d[0].line, d[0].message.as_str()), (3, "\"english\" är ingen språkkod"));
    }

    #[test]
    fn glossary_terms_are_linked_in_running_text_only() {
        let (r, _) = go_with_terms(
            "## Avvikelse\n\nEn [avvikelse](resultat.md) och `avvikelse`. Sedan god ekonomisk\nhushållning och avvikelsen, och åter avvikelsen.",
        );
        assert!(
            r.html.contains("<h2 id=\"avvikelse\">Avvikelse</h2>"),
            "not in headings: {}",
            r.html
        );
        assert!(
            r.html.contains("<a href=\"/insyn/rs/2023/resultat/\">avvikelse</a>"),
            "not in links"
        );
        assert!(r.html.contains("<code>avvikelse</code>"));
        assert!(
            r.html.contains("<a class=\"begrepp\" href=\"/insyn/begrepp/#god-ekonomisk-hushallning\">god ekonomisk\nhushållning<span class=\"visually-hidden\"> (ordförklaring)</span></a> och <a class=\"begrepp\" href=\"/insyn/begrepp/#avvikelse\">avvikelsen<span class=\"visually-hidden\"> (ordförklaring)</span></a>, och åter avvikelsen."),
            "{}",
            r.html
        );
        assert!(r.text.contains("god ekonomisk hushållning"), "{}", r.text);
    }

    #[test]
    fn climbing_out_is_refused() {
        let (_, d) = go("[x](../../../../etc/passwd)");
        assert!(d[0].message.contains("utanför content/"));
    }
}
