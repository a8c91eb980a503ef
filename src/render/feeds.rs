//! sitemap.xml, the Atom feed of published reports, and robots.txt.

use crate::model::Site;
use crate::render::OutputFile;
use crate::render::xml::escape;

/// What the model gives besides pages: the sitemap, the feed and (unless the site has its
/// own) robots.txt.
pub fn generated(site: &Site) -> Vec<OutputFile> {
    let mut files = Vec::new();
    files.extend(sitemap(site));
    files.push(atom(site));
    if !site.static_files.iter().any(|f| f.rel == "robots.txt") {
        files.push(robots(site));
    }
    files
}

/// Most addresses in one sitemap file (the sitemap protocol's limit).
pub const SITEMAP_URLS: usize = 50_000;

/// `sitemap.xml`: every page. A site of more pages than one sitemap may hold gets
/// `sitemap-1.xml`, `sitemap-2.xml` … and `sitemap.xml` becomes their index.
pub fn sitemap(site: &Site) -> Vec<OutputFile> {
    let mut order = Vec::new();
    site.walk(site.root, &mut order);
    let mut urls: Vec<(String, Option<String>)> = order
        .iter()
        .map(|id| {
            (
                site.config.absolute_url(&site.nodes[*id].path),
                site.nodes[*id].date.map(|d| d.iso()),
            )
        })
        .collect();
    if !site.indicators.is_empty() {
        urls.push((site.config.absolute_url(crate::urls::INDICATORS), None));
        urls.extend(
            site.indicators
                .iter()
                .map(|h| (site.config.absolute_url(&h.path), None)),
        );
    }
    sitemap_files(&urls, SITEMAP_URLS, &|p| site.config.absolute_url(p))
}

fn sitemap_files(
    urls: &[(String, Option<String>)],
    per_file: usize,
    absolute: &dyn Fn(&str) -> String,
) -> Vec<OutputFile> {
    let urlset = |urls: &[(String, Option<String>)]| {
        let mut s = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        for (loc, lastmod) in urls {
            s.push_str(&format!("  <url><loc>{}</loc>", escape(loc)));
            if let Some(d) = lastmod {
                s.push_str(&format!("<lastmod>{d}</lastmod>"));
            }
            s.push_str("</url>\n");
        }
        s.push_str("</urlset>\n");
        s.into_bytes()
    };
    if urls.len() <= per_file {
        return vec![OutputFile {
            path: "sitemap.xml".into(),
            bytes: urlset(urls),
        }];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, part) in urls.chunks(per_file).enumerate() {
        let path = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape(&absolute(&format!("/{path}")))
        ));
        files.push(OutputFile {
            path,
            bytes: urlset(part),
        });
    }
    index.push_str("</sitemapindex>\n");
    files.insert(
        0,
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: index.into_bytes(),
        },
    );
    files
}

/// Most entries in the feed: readers want what is new, and the feed stays the same size
/// however many reports the site has.
pub const ATOM_ENTRIES: usize = 50;

/// An Atom feed with one entry per report, the newest [`ATOM_ENTRIES`] first. Dates come
/// from the content (the report's `date`, else the end of its year), never from the clock.
pub fn atom(site: &Site) -> OutputFile {
    let c = &site.config;
    let entries: Vec<(String, String, String, String, String)> = site
        .reports_newest_first()
        .into_iter()
        .take(ATOM_ENTRIES)
        .map(|r| {
            let rep = &site.reports[r];
            let n = &site.nodes[rep.node];
            let date = n.date.map(|d| d.iso()).unwrap_or_else(|| format!("{}-12-31", rep.year));
            let summary = n
                .description
                .clone()
                .unwrap_or_else(|| format!("{} – {}", rep.label(), rep.organisation));
            (
                n.title.clone(),
                c.absolute_url(&n.path),
                date,
                summary,
                rep.organisation.clone(),
            )
        })
        .collect();
    let updated = entries
        .iter()
        .map(|e| e.2.clone())
        .max()
        .unwrap_or_else(|| "1970-01-01".into());
    let author = if c.publisher.is_empty() {
        c.title.clone()
    } else {
        c.publisher.clone()
    };
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"",
    );
    s.push_str(&escape(&c.language));
    s.push_str("\">\n");
    s.push_str(&format!("  <title>{}</title>\n", escape(&c.title)));
    s.push_str(&format!("  <id>{}</id>\n", escape(&c.base_url)));
    s.push_str(&format!("  <link href=\"{}\"/>\n", escape(&c.base_url)));
    s.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n",
        escape(&c.absolute_url("/atom.xml"))
    ));
    s.push_str(&format!("  <updated>{updated}T00:00:00Z</updated>\n"));
    s.push_str(&format!("  <author><name>{}</name></author>\n", escape(&author)));
    for (title, url, date, summary, org) in entries {
        s.push_str("  <entry>\n");
        s.push_str(&format!("    <title>{}</title>\n", escape(&title)));
        s.push_str(&format!("    <id>{}</id>\n", escape(&url)));
        s.push_str(&format!("    <link href=\"{}\"/>\n", escape(&url)));
        s.push_str(&format!("    <updated>{date}T00:00:00Z</updated>\n"));
        s.push_str(&format!("    <author><name>{}</name></author>\n", escape(&org)));
        s.push_str(&format!("    <summary>{}</summary>\n", escape(&summary)));
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    OutputFile {
        path: "atom.xml".into(),
        bytes: s.into_bytes(),
    }
}

pub fn robots(site: &Site) -> OutputFile {
    OutputFile {
        path: "robots.txt".into(),
        bytes: format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            site.config.absolute_url("/sitemap.xml")
        )
        .into_bytes(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_xml() {
        assert_eq!(escape("a<b & \"c\"]]>\u{1}"), "a&lt;b &amp; &quot;c&quot;]]&gt;");
        assert_eq!(escape("x\u{fffe}y\u{ffff}z\u{b}\r\u{1f600}"), "xyz\u{1f600}");
    }

    #[test]
    fn a_sitemap_too_long_for_one_file_becomes_an_index_of_parts() {
        let urls: Vec<(String, Option<String>)> = (0..5).map(|i| (format!("https://x.se/{i}/"), None)).collect();
        let abs = |p: &str| format!("https://x.se{p}");
        let one = sitemap_files(&urls, 5, &abs);
        assert_eq!(one.len(), 1);
        assert!(String::from_utf8_lossy(&one[0].bytes).contains("<urlset"));
        let parts = sitemap_files(&urls, 2, &abs);
        let names: Vec<&str> = parts.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            names,
            ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"]
        );
        let index = String::from_utf8_lossy(&parts[0].bytes).into_owned();
        assert!(
            index.contains("<sitemapindex") && index.contains("<loc>https://x.se/sitemap-3.xml</loc>"),
            "{index}"
        );
        let last = String::from_utf8_lossy(&parts[3].bytes).into_owned();
        assert!(
            last.contains("<loc>https://x.se/4/</loc>") && !last.contains("/3/</loc>"),
            "{last}"
        );
    }
}
