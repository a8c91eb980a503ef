//! Report blocks: fenced YAML in a section's Markdown, whose info string names the block type.
//!
//! ````text
//! ```ekonomitabell
//! titel: Resultaträkning
//! ...
//! ```
//! ````
//! This module finds the blocks (with their line in the file) and reads each into its raw,
//! typed form. Checking what the numbers mean is the model's job.

use crate::diagnostics::{Diagnostic, did_you_mean, suggestion_hint};
use crate::load::yaml::Fragment;
use crate::model::blocks::{BlockInput, BlockSpec};
use crate::model::origin::Origin;
use origin::YamlOrigin;
use pulldown_cmark::{CodeBlockKind, Event, Parser, Tag, TagEnd};
use std::path::Path;
use std::sync::Arc;

mod line_origin;
mod origin;
mod raw;
pub mod rows;
pub mod sheets;
mod tables;
mod values;

pub use raw::*;
pub use tables::*;
pub use values::*;

/// The block types an editor can write, by the name used in the fence's info string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BlockKind {
    KeyFigures,
    Indicators,
    Assignments,
    FinancialTable,
    Table,
}

impl BlockKind {
    pub const ALL: [BlockKind; 5] = [
        BlockKind::KeyFigures,
        BlockKind::Indicators,
        BlockKind::Assignments,
        BlockKind::FinancialTable,
        BlockKind::Table,
    ];

    /// The name editors write after the three backticks.
    pub fn name(self) -> &'static str {
        match self {
            BlockKind::KeyFigures => "nyckeltal",
            BlockKind::Indicators => "indikatorer",
            BlockKind::Assignments => "uppdrag",
            BlockKind::FinancialTable => "ekonomitabell",
            BlockKind::Table => "tabell",
        }
    }

    pub fn from_name(name: &str) -> Option<BlockKind> {
        BlockKind::ALL.into_iter().find(|k| k.name() == name)
    }

    pub fn names() -> Vec<&'static str> {
        BlockKind::ALL.iter().map(|k| k.name()).collect()
    }
}

/// Info strings of ordinary code blocks, which are never mistaken for a misspelt block type.
const CODE_LANGUAGES: &[&str] = &[
    "yaml",
    "yml",
    "json",
    "toml",
    "text",
    "txt",
    "csv",
    "tsv",
    "html",
    "xml",
    "css",
    "js",
    "javascript",
    "ts",
    "sh",
    "bash",
    "shell",
    "console",
    "rust",
    "python",
    "py",
    "sql",
    "md",
    "markdown",
    "diff",
    "ini",
    "nginx",
    "apache",
    "powershell",
    "plain",
    "tera",
    "jinja",
];

/// The most bytes one block may have, and the most rows a table may have: a report's tables
/// have tens or hundreds of rows; a block of many thousands cannot be read as a table or a
/// chart, and would make the page, its charts and the build's memory grow without use.
pub const MAX_BLOCK_BYTES: usize = 4 << 20;
pub const MAX_TABLE_ROWS: usize = 20_000;

/// Find and read every report block in `body`, with the same Markdown parser that renders the
/// page, so that a block is found exactly where the page will show it (also inside a quote or
/// a list item). `body_first_line` is the file line of the body's first line. Problems go to
/// `diags`; a broken block is left out.
pub fn find_blocks(file: &Path, body: &str, body_first_line: usize, diags: &mut Vec<Diagnostic>) -> Vec<BlockInput> {
    find_blocks_in(None, file, body, body_first_line, diags)
}

/// [`find_blocks`] for a page of the site at `root` (`file` relative to it), whose tables may
/// read their rows from spreadsheets beside the page.
pub fn find_blocks_in(
    root: Option<&Path>,
    file: &Path,
    body: &str,
    body_first_line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<BlockInput> {
    let mut out = Vec::new();
    if !body.contains("```") && !body.contains("~~~") {
        return out;
    }
    let lines = LineIndex::new(body);
    let mut open: Option<OpenFence> = None;
    for (event, range) in Parser::new_ext(body, crate::policy::MARKDOWN).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                let word = info.split_whitespace().next().unwrap_or("").to_lowercase();
                open = Some(OpenFence {
                    kind: BlockKind::from_name(&word),
                    range,
                    text: String::new(),
                    first: None,
                    word,
                });
            }
            Event::Text(t) => {
                if let Some(f) = open.as_mut() {
                    if f.first.is_none() {
                        f.first = Some(range.start);
                    }
                    f.text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                let Some(OpenFence {
                    kind,
                    range,
                    text,
                    first,
                    word,
                }) = open.take()
                else {
                    continue;
                };
                let file_line = body_first_line + lines.line(range.start);
                let Some(kind) = kind else {
                    unknown_kind(&word, file, file_line, diags);
                    continue;
                };
                if !closed(&body[range.clone()]) {
                    diags.push(
                        Diagnostic::new(file, file_line, format!("blocket \"{}\" avslutas aldrig", kind.name())).hint(
                            format!("avsluta blocket med en rad med bara {}", fence_of(&body[range.clone()])),
                        ),
                    );
                    continue;
                }
                let (first_line, indent) = match first {
                    Some(at) => (body_first_line + lines.line(at), lines.column(body, at)),
                    None => (file_line + 1, 0),
                };
                let yaml = text.trim_end_matches('\n').to_string();
                let written = {
                    use std::hash::{Hash, Hasher};
                    let mut h = std::hash::DefaultHasher::new();
                    (kind.name(), yaml.as_str()).hash(&mut h);
                    h.finish()
                };
                match read_block(root, kind, file, yaml, first_line, indent) {
                    Ok((spec, id, origin)) => out.push(BlockInput {
                        spec,
                        id,
                        origin,
                        offset: range.start,
                        written,
                    }),
                    Err(d) => diags.push(d),
                }
            }
            _ => {}
        }
    }
    out
}

/// A fenced code block being read: its kind (if a report block), where it is in the body,
/// its text, where its text starts, and the word after the fence.
struct OpenFence {
    kind: Option<BlockKind>,
    range: std::ops::Range<usize>,
    text: String,
    first: Option<usize>,
    word: String,
}

/// Line numbers of byte offsets in a body, from an index of line ends built once.
struct LineIndex {
    ends: Vec<usize>,
}

impl LineIndex {
    fn new(body: &str) -> LineIndex {
        LineIndex {
            ends: body.match_indices('\n').map(|(i, _)| i).collect(),
        }
    }
    /// 0-based line of the offset.
    fn line(&self, offset: usize) -> usize {
        self.ends.partition_point(|&e| e < offset)
    }
    /// Characters before the offset on its line.
    fn column(&self, body: &str, offset: usize) -> usize {
        let line = self.line(offset);
        let start = if line == 0 { 0 } else { self.ends[line - 1] + 1 };
        body[start..offset].chars().count()
    }
}

/// The fence that opens a code block, as written: "```" or "~~~~".
fn fence_of(source: &str) -> String {
    let first = source.lines().next().unwrap_or("");
    let at = first.find(['`', '~']).unwrap_or(0);
    let c = first[at..].chars().next().unwrap_or('`');
    first[at..].chars().take_while(|x| *x == c).collect()
}

/// Whether a fenced block's source ends with its closing fence (the parser lets an unclosed
/// fence run to the end of the page or of the quote or list item it is in).
fn closed(source: &str) -> bool {
    let fence = fence_of(source);
    let c = fence.chars().next().unwrap_or('`');
    let mut lines = source.trim_end_matches(['\n', '\r']).lines();
    lines.next();
    match lines.last() {
        None => false,
        Some(last) => {
            let t = last
                .trim_start_matches(|x: char| x == '>' || x.is_whitespace())
                .trim_end();
            t.chars().count() >= fence.chars().count() && t.chars().all(|x| x == c)
        }
    }
}

fn unknown_kind(word: &str, file: &Path, line: usize, diags: &mut Vec<Diagnostic>) {
    if word.is_empty() || CODE_LANGUAGES.contains(&word) {
        return;
    }
    if let Some(s) = did_you_mean(word, BlockKind::names()) {
        diags.push(Diagnostic::new(file, line, format!("okänd blocktyp \"{word}\"")).hint(
            suggestion_hint(word, &BlockKind::names(), "blocktyper").replace(
                &format!("menade du \"{s}\"?"),
                &format!("menade du \"{s}\"? (vill du visa kod, skriv ```text)"),
            ),
        ));
    }
}

/// Read one block's YAML into the model's spec, with its id and origin.
fn read_block(
    root: Option<&Path>,
    kind: BlockKind,
    file: &Path,
    yaml: String,
    first_line: usize,
    indent: usize,
) -> Result<(BlockSpec, Option<String>, Origin), Diagnostic> {
    let at_fence = first_line.saturating_sub(1);
    if yaml.trim().is_empty() {
        return Err(
            Diagnostic::new(file, at_fence, format!("blocket \"{}\" är tomt", kind.name()))
                .hint("se dokumentationen för blocktypen (docs/innehall.md) för ett exempel"),
        );
    }
    if yaml.len() > MAX_BLOCK_BYTES {
        return Err(Diagnostic::new(
            file,
            at_fence,
            format!(
                "blocket \"{}\" är {} MB; högst {} MB ryms i ett block",
                kind.name(),
                yaml.len().div_ceil(1 << 20),
                MAX_BLOCK_BYTES >> 20
            ),
        )
        .hint("dela upp det i flera block, eller lägg hela materialet i en fil bredvid sidan och länka till den"));
    }
    let frag = Fragment {
        file,
        text: &yaml,
        first_line,
    };
    let (spec, id) = match kind {
        BlockKind::KeyFigures => {
            let r: RawKeyFigures = frag.parse()?;
            (BlockSpec::KeyFigures(r.spec()), r.id)
        }
        BlockKind::Indicators => {
            let r: RawIndicators = frag.parse()?;
            (BlockSpec::Indicators(r.spec()), r.id)
        }
        BlockKind::Assignments => {
            let r: RawAssignments = frag.parse()?;
            (BlockSpec::Assignments(r.spec()), r.id)
        }
        BlockKind::FinancialTable => {
            let mut r: RawFinancialTable = frag.parse()?;
            let sheet = rows_from_file(&mut r.rader, root, file, &frag)?;
            too_many_rows(kind, &r.rader, file, at_fence)?;
            if let Some((at, message)) = r.heading_problem() {
                let origin = origin(kind, file, &yaml, first_line, indent);
                return Err(origin.error(&at, message));
            }
            let spec = BlockSpec::Table {
                spec: Box::new(r.spec()),
                financial: true,
            };
            let origin = table_origin(kind, file, &yaml, first_line, indent, &r.rader, sheet);
            return Ok((spec, r.id, origin));
        }
        BlockKind::Table => {
            let mut r: RawTable = frag.parse()?;
            let sheet = rows_from_file(&mut r.rader, root, file, &frag)?;
            too_many_rows(kind, &r.rader, file, at_fence)?;
            let spec = BlockSpec::Table {
                spec: Box::new(r.spec()),
                financial: false,
            };
            let origin = table_origin(kind, file, &yaml, first_line, indent, &r.rader, sheet);
            return Ok((spec, r.id, origin));
        }
    };
    Ok((spec, id, origin(kind, file, &yaml, first_line, indent)))
}

/// Read a table's rows from the spreadsheet `rader:` names, if it names one.
fn rows_from_file(
    rows: &mut RawRows,
    root: Option<&Path>,
    file: &Path,
    frag: &Fragment,
) -> Result<Option<sheets::SheetSource>, Diagnostic> {
    let Some(sheet) = rows.1.take() else {
        return Ok(None);
    };
    let at = || {
        let (line, col) = frag
            .locate_exact(&[crate::load::yaml::PathSeg::Key("rader")])
            .unwrap_or((frag.first_line, 0));
        Diagnostic::new(file, line, "").at(line, col)
    };
    let Some(root) = root else {
        let mut d = at();
        d.message = "rader kan bara läsas ur en fil i en webbplats".into();
        return Err(d);
    };
    match sheets::read(&sheet, root, file) {
        Ok((read, source)) => {
            *rows = read;
            Ok(Some(source))
        }
        Err((message, hint)) => {
            let mut d = at().hint(hint);
            d.message = message;
            Err(d)
        }
    }
}

/// A table's origin: rows that have lines (pasted, or from a spreadsheet) are found by them.
fn table_origin(
    kind: BlockKind,
    file: &Path,
    yaml: &str,
    first_line: usize,
    indent: usize,
    rows: &RawRows,
    sheet: Option<sheets::SheetSource>,
) -> Origin {
    let y = YamlOrigin {
        kind,
        file: file.to_path_buf(),
        yaml: yaml.to_string(),
        first_line,
        indent,
    };
    match line_origin::LinesOrigin::new(y, rows, sheet) {
        Some(o) => Origin::new(Arc::new(o)),
        None => origin(kind, file, yaml, first_line, indent),
    }
}

fn origin(kind: BlockKind, file: &Path, yaml: &str, first_line: usize, indent: usize) -> Origin {
    Origin::new(Arc::new(YamlOrigin {
        kind,
        file: file.to_path_buf(),
        yaml: yaml.to_string(),
        first_line,
        indent,
    }))
}

fn too_many_rows(kind: BlockKind, rows: &RawRows, file: &Path, line: usize) -> Result<(), Diagnostic> {
    fn count(rows: &[RawRow]) -> usize {
        rows.iter()
            .map(|r| 1 + count(&r.parts) + count(&r.varav) + r.total.as_ref().map_or(0, |_| 1))
            .sum()
    }
    let n = count(&rows.0);
    if n > MAX_TABLE_ROWS {
        return Err(Diagnostic::new(
            file,
            line,
            format!(
                "blocket \"{}\" har {n} rader; högst {MAX_TABLE_ROWS} ryms i en tabell",
                kind.name()
            ),
        )
        .hint("dela upp det i flera block, eller lägg hela materialet i en fil bredvid sidan och länka till den"));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
