//! Reading a `.docx` file (Office Open XML: a zip of XML parts) into a [`Document`].
//!
//! Read: paragraphs and their style (headings by the style's name or outline level, the
//! Title style), runs with bold and italics (direct, or from their character or paragraph
//! style), hyperlinks, footnote references, line breaks and tabs, list items (numbering, with
//! the level's format telling bullets from numbers), tables (merged cells spread out as empty
//! ones, nested tables flattened into their cell), images (`a:blip` with the drawing's
//! description as its alternative text), footnotes and the document's title property.
//! Tracked deletions and the fallback copies of drawings are skipped.

use super::document::{Block, CellParagraph, Document, ImageRef, Inline, Table, TableCell};
use super::xml::{self, Element, Node};
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

/// The most bytes one part of the package may unpack to: a report's text is a few megabytes;
/// a part that claims more is a broken or hostile file.
const MAX_PART: u64 = 256 << 20;

pub fn read(path: &Path) -> Result<Document, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("kan inte öppna filen: {e}"))?;
    let mut zip = zip::ZipArchive::new(file).map_err(|_| "filen är inte ett Word-dokument (.docx)".to_string())?;
    let mut part = |name: &str| -> Option<Vec<u8>> {
        let f = zip.by_name(name).ok()?;
        let mut bytes = Vec::new();
        f.take(MAX_PART).read_to_end(&mut bytes).ok()?;
        Some(bytes)
    };
    let text = |bytes: Option<Vec<u8>>| bytes.map(|b| String::from_utf8_lossy(&b).into_owned());
    let main = text(part("_rels/.rels"))
        .and_then(|r| xml::parse(&r).ok())
        .and_then(|r| {
            r.elements()
                .find(|e| e.attr("Type").is_some_and(|t| t.ends_with("/officeDocument")))
                .and_then(|e| e.attr("Target").map(|t| t.trim_start_matches('/').to_string()))
        })
        .unwrap_or_else(|| "word/document.xml".to_string());
    let dir = main.rsplit_once('/').map_or(String::new(), |(d, _)| format!("{d}/"));
    let body = text(part(&main)).ok_or("filen är inte ett Word-dokument (.docx): dokumentdelen saknas")?;
    let body = xml::parse(&body).map_err(|e| format!("dokumentet går inte att läsa: {e}"))?;
    let rels_of = |p: &str| format!("{dir}_rels/{p}.rels");
    let main_name = main.rsplit('/').next().unwrap_or("document.xml").to_string();
    let ctx = Context {
        styles: text(part(&format!("{dir}styles.xml")))
            .and_then(|s| xml::parse(&s).ok())
            .map(|s| styles(&s))
            .unwrap_or_default(),
        numbering: text(part(&format!("{dir}numbering.xml")))
            .and_then(|s| xml::parse(&s).ok())
            .map(|s| numbering(&s))
            .unwrap_or_default(),
        rels: text(part(&rels_of(&main_name)))
            .and_then(|s| xml::parse(&s).ok())
            .map(|r| rels(&r, &dir))
            .unwrap_or_default(),
    };
    let mut doc = Document::default();
    if let Some(b) = body.child("body") {
        let mut title = None;
        doc.blocks = blocks(b, &ctx, &mut title);
        doc.title = title;
    }
    if let Some(notes) = text(part(&format!("{dir}footnotes.xml"))).and_then(|s| xml::parse(&s).ok()) {
        let note_ctx = Context {
            rels: text(part(&rels_of("footnotes.xml")))
                .and_then(|s| xml::parse(&s).ok())
                .map(|r| rels(&r, &dir))
                .unwrap_or_default(),
            ..ctx.clone()
        };
        for n in notes.elements().filter(|e| e.name == "footnote") {
            if n.attr("type").is_some_and(|t| t != "normal") {
                continue;
            }
            let Some(id) = n.attr("id") else { continue };
            let mut inlines = Vec::new();
            for p in n.elements().filter(|e| e.name == "p") {
                if !inlines.is_empty() {
                    inlines.push(Inline::Break);
                }
                inlines.extend(paragraph(p, &note_ctx).inlines);
            }
            doc.footnotes.insert(id.to_string(), inlines);
        }
    }
    if let Some(core) = text(part("docProps/core.xml")).and_then(|s| xml::parse(&s).ok())
        && let Some(t) = core.child("title").map(|t| t.text().trim().to_string())
        && !t.is_empty()
    {
        doc.property_title = Some(t);
    }
    let mut wanted = Vec::new();
    collect_media(&doc.blocks, &mut wanted);
    for m in wanted {
        if let Some(bytes) = part(&m) {
            doc.media.insert(m, bytes);
        }
    }
    Ok(doc)
}

#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    bold: Option<bool>,
    italic: Option<bool>,
    outline: Option<u8>,
}

#[derive(Debug, Clone, Default)]
struct Context {
    styles: HashMap<String, Style>,
    /// (numId, level) → ordered.
    numbering: HashMap<(String, String), bool>,
    /// Relationship id → target (a package path, or an address).
    rels: HashMap<String, String>,
}

fn on(e: &Element) -> bool {
    !matches!(e.attr("val"), Some("0" | "false" | "off" | "none"))
}

fn styles(root: &Element) -> HashMap<String, Style> {
    let mut out = HashMap::new();
    for s in root.elements().filter(|e| e.name == "style") {
        let Some(id) = s.attr("styleId") else { continue };
        let rpr = s.child("rPr");
        out.insert(
            id.to_string(),
            Style {
                name: s.child("name").and_then(|n| n.attr("val")).unwrap_or(id).to_lowercase(),
                based_on: s.child("basedOn").and_then(|b| b.attr("val")).map(String::from),
                bold: rpr.and_then(|r| r.child("b")).map(on),
                italic: rpr.and_then(|r| r.child("i")).map(on),
                outline: s
                    .child("pPr")
                    .and_then(|p| p.child("outlineLvl"))
                    .and_then(|o| o.attr("val"))
                    .and_then(|v| v.parse().ok()),
            },
        );
    }
    out
}

impl Context {
    /// A style property, following `basedOn` (at most a few steps, never in a circle).
    fn style_prop<T>(&self, id: &str, get: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut at = self.styles.get(id);
        for _ in 0..8 {
            let s = at?;
            if let Some(v) = get(s) {
                return Some(v);
            }
            at = s.based_on.as_ref().and_then(|b| self.styles.get(b));
        }
        None
    }

    fn style_name(&self, id: &str) -> String {
        self.styles
            .get(id)
            .map_or_else(|| id.to_lowercase(), |s| s.name.clone())
    }

    /// The heading level of a paragraph style: 0 for the Title style.
    fn heading_level(&self, id: &str) -> Option<u8> {
        let name = self.style_name(id);
        if name == "title" || name == "rubrik" {
            return Some(0);
        }
        for prefix in ["heading ", "rubrik ", "heading"] {
            if let Some(n) = name.strip_prefix(prefix).and_then(|n| n.trim().parse::<u8>().ok()) {
                return Some(n.clamp(1, 6));
            }
        }
        self.style_prop(id, |s| s.outline).map(|o| (o + 1).min(6))
    }
}

fn numbering(root: &Element) -> HashMap<(String, String), bool> {
    let mut abstract_levels: HashMap<String, HashMap<String, bool>> = HashMap::new();
    for a in root.elements().filter(|e| e.name == "abstractNum") {
        let Some(id) = a.attr("abstractNumId") else { continue };
        let levels = a
            .elements()
            .filter(|e| e.name == "lvl")
            .filter_map(|l| {
                let fmt = l.child("numFmt").and_then(|f| f.attr("val")).unwrap_or("bullet");
                Some((l.attr("ilvl")?.to_string(), !matches!(fmt, "bullet" | "none")))
            })
            .collect();
        abstract_levels.insert(id.to_string(), levels);
    }
    let mut out = HashMap::new();
    for n in root.elements().filter(|e| e.name == "num") {
        let (Some(num), Some(abs)) = (n.attr("numId"), n.child("abstractNumId").and_then(|a| a.attr("val"))) else {
            continue;
        };
        for (lvl, ordered) in abstract_levels.get(abs).into_iter().flatten() {
            out.insert((num.to_string(), lvl.clone()), *ordered);
        }
    }
    out
}

fn rels(root: &Element, dir: &str) -> HashMap<String, String> {
    root.elements()
        .filter_map(|r| {
            let id = r.attr("Id")?;
            let target = r.attr("Target")?;
            let target = if r.attr("TargetMode") == Some("External") {
                target.to_string()
            } else {
                normalize(&format!("{dir}{target}"))
            };
            Some((id.to_string(), target))
        })
        .collect()
}

/// `word/../media/a.png` → `media/a.png`.
fn normalize(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.trim_start_matches('/').split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// The blocks of a body (or of a table cell's content, when flattened).
fn blocks(body: &Element, ctx: &Context, title: &mut Option<String>) -> Vec<Block> {
    let mut out = Vec::new();
    for e in body.elements() {
        match e.name.as_str() {
            "p" => {
                let p = paragraph(e, ctx);
                let text = super::document::plain(&p.inlines);
                match (p.heading, p.list) {
                    (Some(0), _) if title.is_none() && !text.is_empty() => *title = Some(text),
                    (Some(level), _) if !text.is_empty() => out.push(Block::Heading {
                        level: level.max(1),
                        text: p.inlines,
                    }),
                    (_, Some((ordered, level))) if !p.inlines.is_empty() => out.push(Block::ListItem {
                        ordered,
                        level,
                        text: p.inlines,
                    }),
                    _ if !p.inlines.is_empty() => out.push(Block::Paragraph(p.inlines)),
                    _ => {}
                }
            }
            "tbl" => out.push(Block::Table(table(e, ctx))),
            "sdt" | "customXml" | "ins" => {
                if let Some(content) = e.child("sdtContent") {
                    out.extend(blocks(content, ctx, title));
                } else {
                    out.extend(blocks(e, ctx, title));
                }
            }
            _ => {}
        }
    }
    out
}

struct Paragraph {
    heading: Option<u8>,
    /// (ordered, level) for a list item.
    list: Option<(bool, u8)>,
    inlines: Vec<Inline>,
}

fn paragraph(p: &Element, ctx: &Context) -> Paragraph {
    let ppr = p.child("pPr");
    let style = ppr
        .and_then(|x| x.child("pStyle"))
        .and_then(|s| s.attr("val"))
        .unwrap_or("")
        .to_string();
    let direct_outline = ppr
        .and_then(|x| x.child("outlineLvl"))
        .and_then(|o| o.attr("val"))
        .and_then(|v| v.parse::<u8>().ok())
        .filter(|o| *o < 9);
    let heading = ctx.heading_level(&style).or(direct_outline.map(|o| (o + 1).min(6)));
    let list = ppr.and_then(|x| x.child("numPr")).and_then(|n| {
        let id = n.child("numId")?.attr("val")?.to_string();
        let lvl = n.child("ilvl").and_then(|l| l.attr("val")).unwrap_or("0").to_string();
        (id != "0").then(|| {
            let ordered = ctx.numbering.get(&(id, lvl.clone())).copied().unwrap_or(false);
            (ordered, lvl.parse::<u8>().unwrap_or(0).min(8))
        })
    });
    let list = list.or_else(|| {
        let name = ctx.style_name(&style);
        (name.starts_with("list bullet") || name.starts_with("list number") || name == "list paragraph")
            .then(|| (name.starts_with("list number"), 0))
    });
    let base = Format {
        bold: ctx.style_prop(&style, |s| s.bold).unwrap_or(false),
        italic: ctx.style_prop(&style, |s| s.italic).unwrap_or(false),
    };
    let mut inlines = Vec::new();
    runs(p, ctx, base, &mut inlines);
    trim_inlines(&mut inlines);
    Paragraph { heading, list, inlines }
}

#[derive(Debug, Clone, Copy)]
struct Format {
    bold: bool,
    italic: bool,
}

/// The inline content of a paragraph (or of a hyperlink, field or smart tag inside it).
fn runs(parent: &Element, ctx: &Context, base: Format, out: &mut Vec<Inline>) {
    for e in parent.elements() {
        match e.name.as_str() {
            "r" => run(e, ctx, base, out),
            "hyperlink" => {
                let mut inner = Vec::new();
                runs(e, ctx, base, &mut inner);
                let text = super::document::plain(&inner);
                let url = e.attr("id").and_then(|id| ctx.rels.get(id)).cloned();
                match url {
                    Some(url) if url.contains(':') && !text.is_empty() => out.push(Inline::Link { text, url }),
                    _ => out.extend(inner),
                }
            }
            "del" | "moveFrom" | "pPr" | "rPr" => {}
            "ins" | "moveTo" | "smartTag" | "fldSimple" | "sdt" | "sdtContent" | "customXml" => runs(e, ctx, base, out),
            _ => {}
        }
    }
}

fn run(r: &Element, ctx: &Context, base: Format, out: &mut Vec<Inline>) {
    let rpr = r.child("rPr");
    let rstyle = rpr.and_then(|x| x.child("rStyle")).and_then(|s| s.attr("val"));
    let pick = |tag: &str, from_style: Option<bool>, named: &[&str], base: bool| {
        rpr.and_then(|x| x.child(tag))
            .map(on)
            .or(from_style)
            .unwrap_or_else(|| {
                rstyle.is_some_and(|s| {
                    let n = ctx.style_name(s);
                    named.iter().any(|w| n.contains(w))
                }) || base
            })
    };
    let f = Format {
        bold: pick(
            "b",
            rstyle.and_then(|s| ctx.style_prop(s, |x| x.bold)),
            &["strong", "stark"],
            base.bold,
        ),
        italic: pick(
            "i",
            rstyle.and_then(|s| ctx.style_prop(s, |x| x.italic)),
            &["emphasis", "betoning"],
            base.italic,
        ),
    };
    for c in &r.children {
        let Node::Element(c) = c else { continue };
        match c.name.as_str() {
            "t" => push_text(out, &c.text(), f),
            "tab" => push_text(out, "\t", f),
            "br" | "cr" => out.push(Inline::Break),
            "noBreakHyphen" => push_text(out, "-", f),
            "footnoteReference" => {
                if let Some(id) = c.attr("id") {
                    out.push(Inline::Footnote(id.to_string()));
                }
            }
            "drawing" | "pict" | "object" => image(c, ctx, out),
            "AlternateContent" => {
                if let Some(choice) = c.child("Choice") {
                    let mut inner = Vec::new();
                    run(choice, ctx, f, &mut inner);
                    out.extend(inner);
                }
            }
            _ => {}
        }
    }
}

fn image(e: &Element, ctx: &Context, out: &mut Vec<Inline>) {
    let Some(blip) = e.find("blip").or_else(|| e.find("imagedata")) else {
        return;
    };
    let Some(target) = blip
        .attr("embed")
        .or_else(|| blip.attr("id"))
        .and_then(|id| ctx.rels.get(id))
    else {
        return;
    };
    let props = e.find("docPr");
    let alt = props
        .and_then(|p| p.attr("descr").filter(|d| !d.trim().is_empty()).or(p.attr("title")))
        .unwrap_or("")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    out.push(Inline::Image(ImageRef {
        media: target.clone(),
        alt,
    }));
}

fn push_text(out: &mut Vec<Inline>, t: &str, f: Format) {
    if t.is_empty() {
        return;
    }
    if let Some(Inline::Text { text, bold, italic }) = out.last_mut()
        && *bold == f.bold
        && *italic == f.italic
    {
        text.push_str(t);
        return;
    }
    out.push(Inline::Text {
        text: t.to_string(),
        bold: f.bold,
        italic: f.italic,
    });
}

/// No empty runs, no breaks at the ends.
fn trim_inlines(v: &mut Vec<Inline>) {
    v.retain(|i| !matches!(i, Inline::Text { text, .. } if text.is_empty()));
    while matches!(v.last(), Some(Inline::Break)) {
        v.pop();
    }
    while matches!(v.first(), Some(Inline::Break)) {
        v.remove(0);
    }
    if v.iter()
        .all(|i| matches!(i, Inline::Text { text, .. } if text.trim().is_empty()))
    {
        v.clear();
    }
}

fn table(t: &Element, ctx: &Context) -> Table {
    let mut rows = Vec::new();
    for tr in t.elements().filter(|e| e.name == "tr") {
        let mut row = Vec::new();
        for tc in tr.elements().filter(|e| e.name == "tc") {
            let tcpr = tc.child("tcPr");
            let span: usize = tcpr
                .and_then(|p| p.child("gridSpan"))
                .and_then(|g| g.attr("val"))
                .and_then(|v| v.parse().ok())
                .unwrap_or(1)
                .clamp(1, 64);
            let continued = tcpr
                .and_then(|p| p.child("vMerge"))
                .is_some_and(|v| v.attr("val").is_none_or(|x| x == "continue"));
            let cell = if continued { TableCell::default() } else { cell(tc, ctx) };
            row.push(cell);
            row.extend(std::iter::repeat_n(TableCell::default(), span - 1));
        }
        rows.push(row);
    }
    Table { rows }
}

fn cell(tc: &Element, ctx: &Context) -> TableCell {
    let mut paragraphs = Vec::new();
    let mut marks = (true, true, false);
    let mut ps = Vec::new();
    tc.find_all("p", &mut ps);
    for p in ps {
        let para = paragraph(p, ctx);
        let mut text = String::new();
        for i in &para.inlines {
            match i {
                Inline::Text { text: t, bold, italic } => {
                    if !t.trim().is_empty() {
                        marks.0 &= *bold;
                        marks.1 &= *italic;
                        marks.2 = true;
                    }
                    text.push_str(t);
                }
                Inline::Link { text: t, .. } => {
                    marks.0 = false;
                    marks.1 = false;
                    marks.2 = true;
                    text.push_str(t);
                }
                Inline::Break => text.push(' '),
                Inline::Footnote(_) | Inline::Image(_) => {}
            }
        }
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            paragraphs.push(CellParagraph {
                text,
                list_item: para.list.is_some(),
            });
        }
    }
    TableCell {
        paragraphs,
        bold: marks.2 && marks.0,
        italic: marks.2 && marks.1,
    }
}

fn collect_media(blocks: &[Block], out: &mut Vec<String>) {
    for b in blocks {
        let inlines = match b {
            Block::Heading { text, .. } | Block::Paragraph(text) | Block::ListItem { text, .. } => text,
            Block::Table(_) => continue,
        };
        for i in inlines {
            if let Inline::Image(r) = i
                && !out.contains(&r.media)
            {
                out.push(r.media.clone());
            }
        }
    }
}
