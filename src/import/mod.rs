//! `insyn import RAPPORT.docx MAPP`: a report written in Word becomes a report folder —
//! `_index.md` with the `rapport:` front matter, one page per top-level heading, prose as
//! Markdown, images beside the pages, and every table as the report block it fits (see
//! [`tables`]). What cannot be placed stays a Markdown table and is listed in the closing
//! [`Summary`]. Nothing is ever overwritten.
//!
//! The importer is a tool beside the build: it reads a document and writes files an editor
//! then owns; the build reads those files like any others.

pub mod document;
pub mod docx;
pub mod front;
pub mod markdown;
pub mod tables;
mod write;
mod xml;
mod yaml_text;

use crate::diagnostics::Diagnostic;
use crate::model::values::Status;
use document::{Block, Document, plain};
pub use front::NoAnswers;
use front::{Ask, Given, ReportFront};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use tables::Outcome;
use yaml_text::scalar;

/// What `insyn import` is asked to do.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub input: PathBuf,
    pub folder: PathBuf,
    pub given: Given,
    /// `Ord=status` pairs for the body's own status words.
    pub status_words: Vec<(String, String)>,
}

/// What the import did, for the closing report.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: Vec<PathBuf>,
    pub pages: usize,
    pub images: usize,
    pub tables: Vec<TableSummary>,
    /// Things to look at that belong to no table.
    pub notes: Vec<String>,
    pub front: Option<ReportFront>,
}

#[derive(Debug, Clone)]
pub struct TableSummary {
    /// The page file, relative to the report folder.
    pub page: String,
    /// The table's number on its page, from 1.
    pub number: usize,
    pub outcome: Outcome,
    pub figures: usize,
    pub loose_figures: usize,
    pub notes: Vec<String>,
}

impl Summary {
    pub fn blocks(&self) -> usize {
        self.tables
            .iter()
            .filter(|t| matches!(t.outcome, Outcome::Block(_)))
            .count()
    }

    pub fn figures(&self) -> usize {
        self.tables.iter().map(|t| t.figures).sum()
    }

    /// The closing report, in Swedish, for the editor.
    pub fn render(&self, folder: &Path) -> String {
        let count = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut s = format!(
            "Importerade till {}: {}, {}.\n",
            folder.display(),
            count(self.pages, "sida", "sidor"),
            count(self.images, "bild", "bilder")
        );
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for t in &self.tables {
            if let Outcome::Block(k) = t.outcome {
                *kinds.entry(k).or_default() += 1;
            }
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{k}: {n}")).collect();
        let markdown: Vec<&TableSummary> = self
            .tables
            .iter()
            .filter(|t| matches!(t.outcome, Outcome::Markdown(_)))
            .collect();
        s.push_str(&format!(
            "Tabeller: {} hittade, {} blev block ({}) med {} tal; {} står kvar som Markdown-tabeller{}.\n",
            self.tables.len(),
            self.blocks(),
            if kinds.is_empty() {
                "inga".to_string()
            } else {
                kinds.join(", ")
            },
            self.figures(),
            markdown.len(),
            match markdown.iter().map(|t| t.loose_figures).sum::<usize>() {
                0 => String::new(),
                n => format!(" med {n} tal"),
            }
        ));
        for t in &markdown {
            if let Outcome::Markdown(why) = &t.outcome {
                s.push_str(&format!("  - {}, tabell {}: {why}\n", t.page, t.number));
            }
        }
        let notes: Vec<String> = self
            .tables
            .iter()
            .flat_map(|t| {
                t.notes
                    .iter()
                    .map(move |n| format!("{}, tabell {}: {n}", t.page, t.number))
            })
            .chain(self.notes.iter().cloned())
            .collect();
        if !notes.is_empty() {
            s.push_str("Att kontrollera:\n");
            for n in notes {
                s.push_str(&format!("  - {n}\n"));
            }
        }
        s.push_str("Rapporten är ett utkast (draft: true). Kontrollera siffrorna med: insyn check --drafts\n");
        s
    }
}

/// Import the document, asking `ask` for what cannot be guessed.
pub fn import(opts: &Options, ask: &mut dyn Ask) -> Result<Summary, Vec<Diagnostic>> {
    let shown = opts.input.clone();
    let fail = |m: String, hint: &str| vec![Diagnostic::new(&shown, 0, m).hint(hint)];
    let ext = opts
        .input
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if ext != "docx" {
        return Err(fail(
            "Insyn kan importera Word-dokument (.docx)".into(),
            "spara rapporten som .docx i Word (Arkiv → Spara som → Word-dokument)",
        ));
    }
    write::check_free(&opts.folder)?;
    let doc =
        docx::read(&opts.input).map_err(|m| fail(m, "kontrollera att filen är ett Word-dokument som går att öppna"))?;
    let plan = plan(&doc);
    let report = front::complete(plan.title.as_deref(), &opts.given, ask).map_err(|missing| {
        missing
            .into_iter()
            .map(|m| {
                Diagnostic::new(&shown, 0, format!("det går inte att se {m}")).hint(
                    "ge det som en flagga (se insyn import --help), eller kör kommandot i en terminal så frågar Insyn",
                )
            })
            .collect::<Vec<_>>()
    })?;
    let mut out = Converter {
        doc: &doc,
        report: &report,
        images: BTreeMap::new(),
        summary: Summary::default(),
        words: BTreeSet::new(),
    };
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    let intro = out.page_body("_index.md", &plan.intro, plan.top);
    let mut pages = Vec::new();
    for (n, (title, blocks)) in plan.sections.iter().enumerate() {
        let number = n + 1;
        let mut slug = crate::model::slugify(title);
        slug.truncate(60);
        let slug = slug.trim_end_matches('-').to_string();
        let name = format!("{number:02}-{}.md", if slug.is_empty() { "avsnitt" } else { &slug });
        let body = out.page_body(&name, blocks, plan.top);
        pages.push((
            PathBuf::from(&name),
            format!("---\ntitle: {}\nweight: {number}\n---\n{body}", scalar(title)).into_bytes(),
        ));
    }
    let words = status_words(&out.words, &opts.status_words, ask, &mut out.summary.notes);
    files.push((
        PathBuf::from("_index.md"),
        index_file(&report, &words, &intro).into_bytes(),
    ));
    files.extend(pages);
    for (media, name) in &out.images {
        if let Some(bytes) = doc.media.get(media) {
            files.push((PathBuf::from(name), bytes.clone()));
        }
    }
    let mut summary = out.summary;
    summary.pages = plan.sections.len();
    summary.images = out.images.len();
    summary.files = write::write_all(&opts.folder, &files)?;
    summary.front = Some(report);
    Ok(summary)
}

/// The document cut into the report's parts.
struct Plan<'a> {
    title: Option<String>,
    /// The heading level that starts a page.
    top: u8,
    intro: Vec<&'a Block>,
    sections: Vec<(String, Vec<&'a Block>)>,
}

fn plan(doc: &Document) -> Plan<'_> {
    let top = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { level, .. } => Some(*level),
            _ => None,
        })
        .min()
        .unwrap_or(1);
    let first_heading = doc.blocks.iter().position(|b| matches!(b, Block::Heading { .. }));
    // The first top-level heading is the report's title when it reads like one and the
    // document has no Title paragraph.
    let heading_title = first_heading.and_then(|i| match &doc.blocks[i] {
        Block::Heading { level, text } if *level == top && doc.title.is_none() => {
            let t = plain(text);
            front::guess(&t).kind.is_some().then_some((i, t))
        }
        _ => None,
    });
    let title = doc
        .title
        .clone()
        .or_else(|| heading_title.as_ref().map(|(_, t)| t.clone()))
        .or_else(|| doc.property_title.clone());
    let mut intro = Vec::new();
    let mut sections: Vec<(String, Vec<&Block>)> = Vec::new();
    for (i, b) in doc.blocks.iter().enumerate() {
        if heading_title.as_ref().is_some_and(|(at, _)| *at == i) {
            continue;
        }
        match b {
            Block::Heading { level, text } if *level == top => sections.push((plain(text), Vec::new())),
            _ => match sections.last_mut() {
                Some((_, blocks)) => blocks.push(b),
                None => intro.push(b),
            },
        }
    }
    Plan {
        title,
        top,
        intro,
        sections,
    }
}

struct Converter<'a> {
    doc: &'a Document,
    report: &'a ReportFront,
    /// Image path in the package → file name beside the pages.
    images: BTreeMap<String, String>,
    summary: Summary,
    words: BTreeSet<String>,
}

struct PageSink<'s, 'a> {
    conv: &'s mut Converter<'a>,
    page: String,
    footnotes: Vec<String>,
}

impl markdown::Sink for PageSink<'_, '_> {
    fn footnote(&mut self, id: &str) -> Option<usize> {
        self.conv.doc.footnotes.get(id)?;
        match self.footnotes.iter().position(|f| f == id) {
            Some(i) => Some(i + 1),
            None => {
                self.footnotes.push(id.to_string());
                Some(self.footnotes.len())
            }
        }
    }

    fn image(&mut self, media: &str, alt: &str) -> Option<String> {
        let ext = media.rsplit('.').next().unwrap_or("").to_lowercase();
        if !["png", "jpg", "jpeg", "gif", "svg", "webp"].contains(&ext.as_str()) {
            self.conv.summary.notes.push(format!(
                "{}: en bild i formatet .{ext} kan inte visas på webben och togs inte med; spara den som PNG och lägg in den för hand",
                self.page
            ));
            return None;
        }
        self.conv.doc.media.get(media)?;
        if alt.trim().is_empty() {
            self.conv.summary.notes.push(format!(
                "{}: en bild saknar alternativtext; skriv vad bilden visar inom [ ] i ![…]",
                self.page
            ));
        }
        let n = self.conv.images.len() + 1;
        let name = self
            .conv
            .images
            .entry(media.to_string())
            .or_insert_with(|| format!("bild-{n}.{ext}"));
        Some(name.clone())
    }
}

impl Converter<'_> {
    fn page_body(&mut self, page: &str, blocks: &[&Block], top: u8) -> String {
        let mut sink = PageSink {
            conv: self,
            page: page.to_string(),
            footnotes: Vec::new(),
        };
        let mut out = String::new();
        let mut tables_on_page = 0;
        let mut last_heading: Option<String> = None;
        // A short paragraph right before a table is its caption ("Sjukfrånvaro mätt i procent").
        let mut caption: Option<String> = None;
        let mut in_list = false;
        for b in blocks {
            let is_item = matches!(b, Block::ListItem { .. });
            if !(out.is_empty() || in_list && is_item) {
                out.push('\n');
            }
            in_list = is_item;
            match b {
                Block::Heading { level, text } => {
                    let depth = (level.saturating_sub(top) + 1).clamp(2, 6) as usize;
                    last_heading = Some(plain(text));
                    caption = None;
                    out.push_str(&format!("{} {}\n", "#".repeat(depth), markdown::heading(text)));
                }
                Block::Paragraph(text) => {
                    let t = plain(text);
                    caption = (t.chars().count() <= 80 && !t.is_empty()).then_some(t);
                    out.push_str(&markdown::inlines(text, &mut sink));
                    out.push('\n');
                }
                Block::ListItem { ordered, level, text } => {
                    caption = None;
                    let indent = "    ".repeat(*level as usize);
                    let marker = if *ordered { "1." } else { "-" };
                    let body = markdown::inlines(text, &mut sink).replace("\\\n", &format!("\\\n{indent}    "));
                    out.push_str(&format!("{indent}{marker} {body}\n"));
                }
                Block::Table(t) => {
                    tables_on_page += 1;
                    let title = caption.take().or_else(|| last_heading.clone());
                    let c = tables::convert(t, sink.conv.report, title.as_deref());
                    sink.conv.words.extend(c.status_words.iter().cloned());
                    out.push_str(&c.text);
                    sink.conv.summary.tables.push(TableSummary {
                        page: page.to_string(),
                        number: tables_on_page,
                        outcome: c.outcome,
                        figures: c.figures,
                        loose_figures: c.loose_figures,
                        notes: c.notes,
                    });
                }
            }
        }
        let notes: Vec<String> = sink.footnotes.clone();
        for (i, id) in notes.iter().enumerate() {
            let text = sink.conv.doc.footnotes.get(id).cloned().unwrap_or_default();
            let md = markdown::inlines(&text, &mut sink).replace("\\\n", " ");
            out.push_str(&format!("\n[^{}]: {md}\n", i + 1));
        }
        out
    }
}

/// The meaning of the body's own status words: given on the command line, asked for, or the
/// usual ones (noted for the editor to confirm).
fn status_words(
    used: &BTreeSet<String>,
    given: &[(String, String)],
    ask: &mut dyn Ask,
    notes: &mut Vec<String>,
) -> Vec<(String, Status)> {
    const USUAL: [(&str, Status); 10] = [
        ("klar", Status::Fulfilled),
        ("avslutad", Status::Fulfilled),
        ("genomförd", Status::Fulfilled),
        ("positiv", Status::Fulfilled),
        ("grön", Status::Fulfilled),
        ("gul", Status::PartlyFulfilled),
        ("negativ", Status::NotFulfilled),
        ("röd", Status::NotFulfilled),
        ("påbörjad", Status::InProgress),
        ("ej påbörjad", Status::NotStarted),
    ];
    let mut out = Vec::new();
    for w in used {
        let lower = w.to_lowercase();
        if let Some((_, s)) = given.iter().find(|(g, _)| g.to_lowercase() == lower)
            && let Some(s) = Status::parse(s)
        {
            out.push((w.clone(), s));
            continue;
        }
        if let Some(s) = ask
            .ask(&format!(
                "Vad betyder statusordet \"{w}\"? ({}): ",
                Status::names().join(", ")
            ))
            .and_then(|x| Status::parse(&x))
        {
            out.push((w.clone(), s));
            continue;
        }
        match USUAL.iter().find(|(u, _)| *u == lower) {
            Some((_, s)) => {
                notes.push(format!(
                    "statusordet \"{w}\" antogs betyda {}; kontrollera statusord i _index.md",
                    s.name()
                ));
                out.push((w.clone(), *s));
            }
            None => notes.push(format!(
                "statusordet \"{w}\" har ingen betydelse ännu; lägg till det under statusord i _index.md (eller ge --statusord \"{w}=uppfyllt\")"
            )),
        }
    }
    out
}

fn index_file(r: &ReportFront, words: &[(String, Status)], intro: &str) -> String {
    let mut s = format!(
        "---\ntitle: {}\ndraft: true\nrapport:\n  typ: {}\n  år: {}\n  organisation: {}\n",
        scalar(&r.title),
        r.kind.name(),
        r.year,
        scalar(&r.organisation)
    );
    if let Some(p) = &r.period {
        s.push_str(&format!("  period: {}\n", scalar(p)));
    }
    if let Some(p) = &r.publisher {
        s.push_str(&format!("  utgivare: {}\n", scalar(p)));
    }
    if !words.is_empty() {
        s.push_str("  statusord:\n");
        for (w, st) in words {
            s.push_str(&format!("    {}: {}\n", scalar(w), st.name()));
        }
    }
    s.push_str("---\n");
    if intro.trim().is_empty() {
        s.push_str("Skriv en kort inledning till rapporten här. Ta bort raden draft: true ovan när rapporten ska publiceras.\n");
    } else {
        s.push_str(intro);
    }
    s
}

/// The questions on a terminal.
pub struct Terminal;

impl Ask for Terminal {
    fn ask(&mut self, question: &str) -> Option<String> {
        use std::io::Write;
        eprint!("{question}");
        let _ = std::io::stderr().flush();
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).ok()?;
        let t = line.trim().to_string();
        (!t.is_empty()).then_some(t)
    }
}
