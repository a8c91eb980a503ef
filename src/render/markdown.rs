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
    pub site_paths: &'a crate::render::SitePaths,
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
    let dir = rel.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    let mut page = Page {
        body,
        body_first_line,
        dir,
        file,
        targets,
        blocks,
        line_ends: std::cell::OnceCell::new(),
        events: Vec::new(),
        headings: Vec::new(),
        used_ids: HashSet::new(),
        next_suffix: HashMap::new(),
        text: String::new(),
        in_heading: None,
        heading_text: String::new(),
        skipping_block: false,
        table_count: 0,
        pending: String::new(),
        used_terms: HashSet::new(),
        no_terms: 0,
        links: Vec::new(),
        strip_next: None,
    };
    // `[text]{lang=en}`: a shortcut reference without a definition, followed by `{lang=…}`.
    let lang_spans = |link: BrokenLink<'_>| -> Option<(CowStr<'_>, CowStr<'_>)> {
        if link.link_type != LinkType::Shortcut {
            return None;
        }
        let (_, tag) = lang_attribute(&body[link.span.end..])?;
        Some((CowStr::from(format!("{LANG_SCHEME}{tag}")), CowStr::from("")))
    };
    for (event, range) in
        Parser::new_with_broken_link_callback(body, crate::policy::MARKDOWN, Some(lang_spans)).into_offset_iter()
    {
        page.event(event, range, diags);
    }
    page.flush();
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, page.events.into_iter());
    Rendered {
        html,
        headings: page.headings,
        text: page.text,
    }
}

/// One page on its way from Markdown events to HTML events.
struct Page<'a> {
    body: &'a str,
    body_first_line: usize,
    dir: &'a str,
    file: &'a Path,
    targets: &'a LinkTargets<'a>,
    blocks: &'a [usize],
    /// Line ends of the body, for messages, built on first use.
    line_ends: std::cell::OnceCell<Vec<usize>>,
    events: Vec<Event<'a>>,
    headings: Vec<Heading>,
    used_ids: HashSet<String>,
    /// The next suffix to try per heading id, so that equal headings take linear time.
    next_suffix: HashMap<String, usize>,
    /// The page's plain text, for search.
    text: String,
    /// The open heading: where its start event is, and its level.
    in_heading: Option<(usize, u8)>,
    heading_text: String,
    /// Inside a report block's code block, which the block's marker replaces.
    skipping_block: bool,
    table_count: usize,
    /// Running text waiting to be marked with glossary terms: kept until the run ends, so that
    /// a term broken over two lines is found.
    pending: String,
    used_terms: HashSet<usize>,
    /// Depth of links, images, code blocks and language spans (no terms are marked there).
    no_terms: usize,
    /// Per open link: whether it is a language span.
    links: Vec<bool>,
    /// `{lang=…}` after a closed language span, to leave out of the text.
    strip_next: Option<String>,
}

impl<'a> Page<'a> {
    fn line_of(&self, offset: usize) -> usize {
        let ends = self
            .line_ends
            .get_or_init(|| self.body.match_indices('\n').map(|(i, _)| i).collect());
        self.body_first_line + ends.partition_point(|&e| e < offset)
    }

    fn html(&mut self, s: String) {
        self.events.push(Event::Html(CowStr::from(s)));
    }

    /// Mark the waiting running text with glossary terms.
    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let text = std::mem::take(&mut self.pending);
        match self.targets.terms {
            Some(m) => {
                let marked = m.mark(&text, &mut self.used_terms);
                self.html(marked)
            }
            None => self.events.push(Event::Text(CowStr::from(text))),
        }
    }

    fn event(&mut self, event: Event<'a>, range: std::ops::Range<usize>, diags: &mut Vec<Diagnostic>) {
        if self.skipping_block {
            if matches!(event, Event::End(TagEnd::CodeBlock)) {
                self.skipping_block = false;
            }
            return;
        }
        let event = match (event, self.strip_next.take()) {
            (Event::Text(t), Some(attr)) if t.starts_with(attr.as_str()) => {
                let rest = t[attr.len()..].to_string();
                if rest.is_empty() {
                    return;
                }
                Event::Text(CowStr::from(rest))
            }
            (e, _) => e,
        };
        // Running text waits to be marked with glossary terms.
        let markable = self.in_heading.is_none() && self.no_terms == 0;
        match &event {
            Event::Text(t) if markable => {
                self.text.push_str(t);
                self.pending.push_str(t);
                return;
            }
            Event::SoftBreak if markable && !self.pending.is_empty() => {
                self.text.push(' ');
                self.pending.push('\n');
                return;
            }
            _ => self.flush(),
        }
        match event {
            Event::Start(Tag::CodeBlock(_)) if self.blocks.binary_search(&range.start).is_ok() => {
                let n = self.blocks.binary_search(&range.start).unwrap_or_default();
                self.html(block_marker(n));
                self.skipping_block = true;
            }
            Event::Start(Tag::Heading { level, .. }) => {
                self.in_heading = Some((self.events.len(), heading_number(level).max(2)));
                self.heading_text.clear();
                self.events.push(Event::Text(CowStr::from("")));
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with(LANG_SCHEME) => {
                self.start_language(&dest_url[LANG_SCHEME.len()..], range.start, diags)
            }
            Event::End(TagEnd::Link) if self.links.last() == Some(&true) => {
                self.links.pop();
                self.no_terms -= 1;
                self.html("</span>".into());
                // The `{lang=…}` after the span is not part of the text.
                self.strip_next = lang_attribute(&self.body[range.end..]).map(|(attr, _)| attr.to_string());
            }
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => self.start_link(tag, range.start, diags),
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                if end == TagEnd::Link {
                    self.links.pop();
                }
                self.no_terms = self.no_terms.saturating_sub(1);
                self.events.push(Event::End(end));
            }
            Event::Start(tag @ Tag::CodeBlock(_)) => {
                self.no_terms += 1;
                self.events.push(Event::Start(tag));
            }
            Event::End(TagEnd::CodeBlock) => {
                self.no_terms = self.no_terms.saturating_sub(1);
                self.events.push(Event::End(TagEnd::CodeBlock));
            }
            Event::Start(Tag::Table(align)) => {
                self.table_count += 1;
                // The region is named by the heading above the table, where there is one.
                let label = match self.headings.last() {
                    Some(h) => format!("aria-labelledby=\"{}\"", h.id),
                    None => format!("aria-label=\"Tabell {}\"", self.table_count),
                };
                self.html(format!(
                    "<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" {label}>"
                ));
                self.events.push(Event::Start(Tag::Table(align)));
            }
            Event::End(TagEnd::Table) => {
                self.events.push(Event::End(TagEnd::Table));
                self.html("</div>".into());
            }
            // Editors' text is text: HTML typed into Markdown is shown, not run.
            Event::Html(h) | Event::InlineHtml(h) => {
                self.text.push_str(&h);
                self.events.push(Event::Text(h));
            }
            Event::Text(t) => {
                self.heading_and_text(&t);
                self.events.push(Event::Text(t));
            }
            Event::Code(t) => {
                self.heading_and_text(&t);
                self.events.push(Event::Code(t));
            }
            Event::SoftBreak | Event::HardBreak => {
                self.text.push(' ');
                self.events.push(event);
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                self.text.push('\n');
                self.events.push(event);
            }
            other => self.events.push(other),
        }
    }

    fn heading_and_text(&mut self, t: &str) {
        if self.in_heading.is_some() {
            self.heading_text.push_str(t);
        }
        self.text.push_str(t);
    }

    /// Close a heading: its id is the first free of its slug, slug-2, slug-3 …; the search for
    /// each slug goes on where the last one stopped (the ids before it are all taken).
    fn end_heading(&mut self) {
        let Some((at, lvl)) = self.in_heading.take() else {
            return;
        };
        let base = crate::model::slugify(&self.heading_text);
        let base = if base.is_empty() { "avsnitt".to_string() } else { base };
        let mut id = base.clone();
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        while !self.used_ids.insert(id.clone()) {
            id = format!("{base}-{next}");
            *next += 1;
        }
        self.events[at] = Event::Html(CowStr::from(format!("<h{lvl} id=\"{id}\">")));
        self.html(format!("</h{lvl}>\n"));
        self.headings.push(Heading {
            level: lvl,
            id,
            title: self.heading_text.trim().to_string(),
        });
        self.text.push('\n');
    }

    /// `[text]{lang=en}`: a span in another language.
    fn start_language(&mut self, tag: &str, offset: usize, diags: &mut Vec<Diagnostic>) {
        if !valid_lang(tag) {
            diags.push(
                Diagnostic::new(self.file, self.line_of(offset), format!("\"{tag}\" är ingen språkkod"))
                    .hint("skriv språkets kod med två bokstäver, till exempel [Health Technology Assessment]{lang=en} för engelska"),
            );
        }
        let mut attr = String::new();
        crate::render::glossary::escape_html(&mut attr, tag);
        self.html(format!("<span lang=\"{attr}\">"));
        self.links.push(true);
        self.no_terms += 1;
    }

    /// A link or image: its target as the output needs it; a broken one is reported with its
    /// line.
    fn start_link(&mut self, mut tag: Tag<'a>, offset: usize, diags: &mut Vec<Diagnostic>) {
        if let Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. } = &mut tag {
            let resolved = resolve(dest_url, self.dir, self.targets).unwrap_or_else(|(problem, hint)| {
                diags.push(Diagnostic::new(self.file, self.line_of(offset), problem).hint(hint));
                dest_url.to_string()
            });
            *dest_url = CowStr::from(resolved);
        }
        if matches!(tag, Tag::Link { .. }) {
            self.links.push(false);
        }
        self.no_terms += 1;
        self.events.push(Event::Start(tag));
    }
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
    if let Some(scheme) = crate::policy::script_scheme(dest) {
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
        let paths: crate::render::SitePaths = [
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
        let paths = crate::render::SitePaths::default();
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
