//! Files beside the pages (`content/…/bild.png`) are published on the site's own address, so
//! nothing among them may run in a reader's browser: only the kinds of file below are
//! published, and a drawing (SVG) only when it holds no script, event handler, script address,
//! embedded page or entity that could hide them. (`static/` is the site owner's folder and is
//! copied as it is.)

use super::PlainFile;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use std::path::Path;

/// Kinds of file published beside pages: pictures, documents, data and media.
pub const PUBLISHED: &[&str] = &[
    "png", "jpg", "jpeg", "gif", "webp", "avif", "svg", "pdf", "txt", "csv", "json", "xlsx", "xls", "ods", "docx",
    "doc", "odt", "pptx", "ppt", "odp", "rtf", "zip", "mp3", "m4a", "ogg", "mp4", "webm", "vtt",
];

/// Kinds that a browser runs or renders as a page.
const ACTIVE: &[&str] = &[
    "html", "htm", "xhtml", "xht", "shtml", "js", "mjs", "xml", "xsl", "xslt", "svgz", "swf", "php", "wasm",
];

fn hint() -> String {
    format!(
        "bredvid sidorna publiceras bara {}. En fil som webbplatsen behöver precis som den är \
         (granskad av webbplatsens ansvariga) läggs i static/",
        PUBLISHED.join(", ")
    )
}

/// Report every file beside the pages that is not published (and why).
pub fn check(root: &Path, files: &[PlainFile], diags: &mut Diagnostics) {
    for f in files {
        let ext = super::files::extension(&f.rel);
        let shown = display_path(root, &f.abs);
        if ext == "svg" {
            let problem = match super::files::read_found(&f.abs, &f.stamp) {
                Ok(bytes) => match std::str::from_utf8(&bytes) {
                    Ok(text) => inert_svg(text).err(),
                    Err(_) => Some("teckningen är inte sparad som UTF-8, så den kan inte kontrolleras".into()),
                },
                Err(e) => Some(format!("kan inte läsas: {e}")),
            };
            if let Some(p) = problem {
                diags.push(Diagnostic::new(shown, 0, p).hint(
                    "spara teckningen utan skript och interaktivitet (i Inkscape: Spara som → Optimerad SVG), eller som PNG",
                ));
            }
        } else if ACTIVE.contains(&ext.as_str()) {
            diags.push(
                Diagnostic::new(
                    shown,
                    0,
                    format!(".{ext}-filer kan köra kod i läsarens webbläsare och publiceras inte bredvid sidor"),
                )
                .hint(hint()),
            );
        } else if !PUBLISHED.contains(&ext.as_str()) {
            let what = if ext.is_empty() {
                "filer utan filändelse".to_string()
            } else {
                format!(".{ext}-filer")
            };
            diags.push(Diagnostic::new(shown, 0, format!("{what} publiceras inte bredvid sidor")).hint(hint()));
        }
    }
}

/// Elements that run code or embed a page.
const ACTIVE_ELEMENTS: &[&str] = &[
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
];

/// `Ok` when the drawing holds nothing a browser would run; otherwise what was found.
pub fn inert_svg(text: &str) -> Result<(), String> {
    let lower = text.to_lowercase();
    if lower.contains("<!entity") {
        return Err("teckningen definierar egna entiteter (<!ENTITY), som kan gömma skript".into());
    }
    if lower.contains("<?xml-stylesheet") {
        return Err("teckningen hämtar en stilmall (<?xml-stylesheet?>), som kan köra kod".into());
    }
    for bad in ["javascript:", "vbscript:"] {
        if lower.contains(bad) {
            return Err(format!("teckningen innehåller en {bad}-adress, som kan köra kod"));
        }
    }
    let mut rest = lower.as_str();
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        if rest.starts_with("!--") {
            rest = rest.find("-->").map(|e| &rest[e + 3..]).unwrap_or("");
            continue;
        }
        if rest.starts_with("![cdata[") {
            rest = rest.find("]]>").map(|e| &rest[e + 3..]).unwrap_or("");
            continue;
        }
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[end..];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '/' && *c != '>')
            .collect();
        let local = name.rsplit(':').next().unwrap_or(&name);
        if ACTIVE_ELEMENTS.contains(&local) {
            return Err(format!("teckningen innehåller <{name}>, som kan köra kod"));
        }
        for (attr, value) in attributes(&tag[name.len().min(tag.len())..]) {
            let local = attr.rsplit(':').next().unwrap_or(&attr);
            if local.starts_with("on") {
                return Err(format!("teckningen har attributet {attr}=, som kör kod"));
            }
            let seen: String = decode_entities(&value)
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_lowercase();
            if seen.contains("javascript:") || seen.contains("vbscript:") {
                return Err(format!("teckningen har en skriptadress i {attr}="));
            }
            if seen.starts_with("data:")
                && !["data:image/png", "data:image/jpeg", "data:image/gif", "data:image/webp"]
                    .iter()
                    .any(|ok| seen.starts_with(ok))
            {
                return Err(format!("teckningen bäddar in annat än en bild i {attr}="));
            }
            if local == "attributename" && (seen.starts_with("on") || seen.ends_with("href")) {
                return Err(format!("teckningen ändrar {seen} med en animation"));
            }
        }
    }
    Ok(())
}

/// Where a tag ends: at the first `>` outside quotes.
fn tag_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (c, quote) {
            ('"' | '\'', None) => quote = Some(c),
            (q, Some(open)) if q == open => quote = None,
            ('>', None) => return i,
            _ => {}
        }
    }
    s.len()
}

/// The attributes of a tag's text after its name, as (name, value).
fn attributes(mut rest: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
            .unwrap_or(rest.len())
            .max(1);
        let name = rest[..end].to_string();
        rest = rest[end..].trim_start();
        let mut value = String::new();
        if let Some(r) = rest.strip_prefix('=') {
            let r = r.trim_start();
            match r.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let body = &r[1..];
                    let close = body.find(q).unwrap_or(body.len());
                    value = body[..close].to_string();
                    rest = body.get(close + 1..).unwrap_or("");
                }
                _ => {
                    let close = r.find(char::is_whitespace).unwrap_or(r.len());
                    value = r[..close].to_string();
                    rest = &r[close..];
                }
            }
        }
        out.push((name, value));
    }
}

/// `&#106;`, `&#x6A;` and the named XML entities, as a browser reads them in an attribute.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let end = rest.find(';').filter(|e| *e <= 12);
        let decoded = end.and_then(|e| {
            let name = &rest[..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                n if n.starts_with("#x") => u32::from_str_radix(&n[2..], 16).ok().and_then(char::from_u32),
                n if n.starts_with('#') => n[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            }?;
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => out.push('&'),
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drawings_with_code_are_found() {
        for bad in [
            "<svg onload=\"x()\"/>",
            "<svg><script>x()</script></svg>",
            "<svg><svg:script>x()</svg:script></svg>",
            "<svg><a xlink:href=\"&#x6A;avascript:x()\">a</a></svg>",
            "<svg><a href=\"java\tscript:x()\">a</a></svg>",
            "<svg><foreignObject/></svg>",
            "<svg><set attributeName=\"onclick\" to=\"x()\"/></svg>",
            "<svg><image href=\"data:text/html;base64,PHNjcmlwdD4=\"/></svg>",
            "<!DOCTYPE svg [<!ENTITY a \"b\">]><svg>&a;</svg>",
            "<?xml-stylesheet href=\"x.xsl\"?><svg/>",
            "<svg><rect ONMOUSEOVER='x()'/></svg>",
        ] {
            assert!(inert_svg(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn ordinary_drawings_pass() {
        for ok in [
            "<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"><title>Karta</title><rect width=\"1\" height=\"1\" style=\"fill:#fff\"/></svg>",
            "<svg><!-- <script> i en kommentar --><a href=\"#del\"><text>Ett &amp; två</text></a></svg>",
            "<svg><image href=\"data:image/png;base64,iVBORw0KGgo=\"/></svg>",
            "<svg><text>Ordet onion och one</text></svg>",
        ] {
            assert_eq!(inert_svg(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(decode_entities("&#106;a&#x76;a &amp; &bogus; &"), "java & &bogus; &");
    }
}
