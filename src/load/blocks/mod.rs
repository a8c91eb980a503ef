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
use crate::load::yaml::{Fragment, PathSeg};
use std::path::{Path, PathBuf};

mod raw;
mod values;

pub use raw::*;
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

/// One block found in a Markdown body, read into its raw form.
#[derive(Debug, Clone)]
pub struct RawBlock {
    pub kind: BlockKind,
    pub data: RawBlockData,
    /// The YAML text, kept to locate problems found later.
    pub yaml: String,
    /// File line of the first YAML line.
    pub first_line: usize,
    /// The file, for diagnostics.
    pub file: PathBuf,
    /// How many problems in this block have been located so far (see [`RawBlock::error`]).
    pub located: Located,
}

/// After this many problems in one block the build reports no more of them (there is a
/// summary instead), and stops searching the YAML for where they are: each search reads the
/// whole block, which for a table of a million wrong rows would never end. Problems that are
/// not searched for are reported at the block's first line; their message names the row.
pub const MAX_PROBLEMS_PER_BLOCK: usize = 50;

/// The most lines one block may have. A report's tables have tens or hundreds of rows; a
/// block of many thousands cannot be read as a table or a chart, and would make the page, its
/// charts and the build's memory grow without use.
pub const MAX_BLOCK_LINES: usize = 20_000;

/// A counter that a copy of a block starts afresh.
#[derive(Debug, Default)]
pub struct Located(std::sync::atomic::AtomicUsize);

impl Clone for Located {
    fn clone(&self) -> Self {
        Located::default()
    }
}

impl RawBlock {
    /// File line and column of the value at `path` inside this block.
    pub fn locate(&self, path: &[PathSeg]) -> (usize, usize) {
        Fragment {
            file: &self.file,
            text: &self.yaml,
            first_line: self.first_line,
        }
        .locate(path)
    }

    /// A diagnostic at the value at `path` (past [`MAX_PROBLEMS_PER_BLOCK`], at the block).
    pub fn error(&self, path: &[PathSeg], message: impl Into<String>) -> Diagnostic {
        let n = self.located.0.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        // Each search parses the whole block: in a very large block, only the first few.
        let searched = n.saturating_mul(self.yaml.len());
        let (line, col) = if n < MAX_PROBLEMS_PER_BLOCK && (n == 0 || searched < 64 << 20) {
            self.locate(path)
        } else {
            (self.first_line.saturating_sub(1), 0)
        };
        Diagnostic::new(&self.file, line, message).at(line, col)
    }
}

#[derive(Debug, Clone)]
pub enum RawBlockData {
    KeyFigures(RawKeyFigures),
    Indicators(RawIndicators),
    Assignments(RawAssignments),
    FinancialTable(RawFinancialTable),
    Table(RawTable),
}

/// Find and read every report block in `body`. `body_first_line` is the file line of the
/// body's first line. Problems go to `diags`; a broken block is left out.
pub fn find_blocks(file: &Path, body: &str, body_first_line: usize, diags: &mut Vec<Diagnostic>) -> Vec<RawBlock> {
    let mut out = Vec::new();
    if !body.contains("```") && !body.contains("~~~") {
        return out;
    }
    let lines: Vec<&str> = body.split('\n').collect();
    let mut i = 0;
    while i < lines.len() {
        let Some((fence_char, fence_len, info)) = fence_open(lines[i]) else {
            i += 1;
            continue;
        };
        let start = i;
        let mut end = None;
        for (j, l) in lines.iter().enumerate().skip(i + 1) {
            if fence_close(l, fence_char, fence_len) {
                end = Some(j);
                break;
            }
        }
        let word = info.split_whitespace().next().unwrap_or("").to_lowercase();
        let kind = BlockKind::from_name(&word);
        let file_line = body_first_line + start;
        match (kind, end) {
            (Some(kind), Some(end)) => {
                let yaml = lines[start + 1..end].join("\n");
                let frag = Fragment {
                    file,
                    text: &yaml,
                    first_line: file_line + 1,
                };
                match parse_block(kind, &frag) {
                    Ok(data) => out.push(RawBlock {
                        kind,
                        data,
                        yaml: yaml.clone(),
                        first_line: file_line + 1,
                        file: file.to_path_buf(),
                        located: Located::default(),
                    }),
                    Err(d) => diags.push(d),
                }
            }
            (Some(kind), None) => diags.push(
                Diagnostic::new(file, file_line, format!("blocket \"{}\" avslutas aldrig", kind.name())).hint(format!(
                    "avsluta blocket med en rad med bara {}",
                    fence_char.to_string().repeat(fence_len)
                )),
            ),
            (None, _) if !word.is_empty() && !CODE_LANGUAGES.contains(&word.as_str()) => {
                if let Some(s) = did_you_mean(&word, BlockKind::names()) {
                    diags.push(
                        Diagnostic::new(file, file_line, format!("okänd blocktyp \"{word}\"")).hint(
                            suggestion_hint(&word, &BlockKind::names(), "blocktyper").replace(
                                &format!("menade du \"{s}\"?"),
                                &format!("menade du \"{s}\"? (vill du visa kod, skriv ```text)"),
                            ),
                        ),
                    );
                }
            }
            _ => {}
        }
        i = end.map(|e| e + 1).unwrap_or(lines.len());
    }
    out
}

fn fence_open(line: &str) -> Option<(char, usize, &str)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let t = &line[indent..];
    let c = t.chars().next()?;
    if c != '`' && c != '~' {
        return None;
    }
    let n = t.chars().take_while(|x| *x == c).count();
    if n < 3 {
        return None;
    }
    let info = t[n..].trim();
    if c == '`' && info.contains('`') {
        return None;
    }
    Some((c, n, info))
}

fn fence_close(line: &str, c: char, n: usize) -> bool {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return false;
    }
    let t = line[indent..].trim_end();
    t.chars().count() >= n && t.chars().all(|x| x == c)
}

fn parse_block(kind: BlockKind, frag: &Fragment) -> Result<RawBlockData, Diagnostic> {
    if frag.text.trim().is_empty() {
        return Err(Diagnostic::new(
            frag.file,
            frag.first_line - 1,
            format!("blocket \"{}\" är tomt", kind.name()),
        )
        .hint("se dokumentationen för blocktypen (docs/innehall.md) för ett exempel"));
    }
    let lines = frag.text.lines().count();
    if lines > MAX_BLOCK_LINES {
        return Err(Diagnostic::new(
            frag.file,
            frag.first_line - 1,
            format!(
                "blocket \"{}\" har {lines} rader; högst {MAX_BLOCK_LINES} ryms i ett block",
                kind.name()
            ),
        )
        .hint("dela upp det i flera block, eller lägg hela materialet i en fil bredvid sidan och länka till den"));
    }
    Ok(match kind {
        BlockKind::KeyFigures => RawBlockData::KeyFigures(frag.parse()?),
        BlockKind::Indicators => RawBlockData::Indicators(frag.parse()?),
        BlockKind::Assignments => RawBlockData::Assignments(frag.parse()?),
        BlockKind::FinancialTable => RawBlockData::FinancialTable(frag.parse()?),
        BlockKind::Table => RawBlockData::Table(frag.parse()?),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(body: &str) -> (Vec<RawBlock>, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let b = find_blocks(Path::new("content/x.md"), body, 5, &mut d);
        (b, d)
    }

    #[test]
    fn finds_block_with_file_line() {
        let body = "Text\n\n```ekonomitabell\ntitel: R\nenhet: mnkr\navvikelse: utfall − budget\nrader:\n  - Regionkontoret | -599,8 | -608,8 | 8,9\n```\n";
        let (b, d) = blocks(body);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(b.len(), 1);
        assert_eq!(b[0].first_line, 8);
        let RawBlockData::FinancialTable(t) = &b[0].data else {
            panic!()
        };
        assert_eq!(t.rader[0].label, "Regionkontoret");
        assert_eq!(t.rader[0].deviation.unwrap().0.to_string(), "8.9");
        assert_eq!(t.avvikelse, SignConvention::OutcomeMinusBudget);
    }

    #[test]
    fn ordinary_code_blocks_are_left_alone() {
        let (b, d) = blocks("```yaml\nrows: [1]\n```\n\n```\nplain\n```\n");
        assert!(b.is_empty() && d.is_empty());
    }

    #[test]
    fn misspelt_block_type_is_an_error_with_suggestion() {
        let (_, d) = blocks("intro\n```uppdag\nuppdrag: []\n```\n");
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].line, 6);
        assert_eq!(d[0].message, "okänd blocktyp \"uppdag\"");
        assert!(d[0].hint.as_deref().unwrap().contains("menade du \"uppdrag\"?"));
    }

    #[test]
    fn unknown_status_is_located_in_the_md_file() {
        let body = "```uppdrag\nuppdrag:\n  - id: a\n    titel: A\n    status: uppfylt\n```\n";
        let (_, d) = blocks(body);
        assert_eq!(d[0].line, 9);
        assert_eq!(d[0].message, "okänd status \"uppfylt\" (i uppdrag[0].status)");
        assert!(d[0].hint.as_deref().unwrap().starts_with("menade du \"uppfyllt\"?"));
    }

    #[test]
    fn unclosed_block() {
        let (_, d) = blocks("```tabell\ntitel: x\n");
        assert_eq!(d[0].message, "blocket \"tabell\" avslutas aldrig");
    }

    #[test]
    fn table_rows_with_missing_symbols_and_groups() {
        let body = "```tabell\ntitel: T\nkolumner: [Post, Total, \"2023\"]\nrader:\n  - grupp: Nya\n  - A | 8,4 | ..\n  - {rad: \"B | 1 | 2\", källfel: x}\n```";
        let (b, d) = blocks(body);
        assert!(d.is_empty(), "{d:?}");
        let RawBlockData::Table(t) = &b[0].data else { panic!() };
        assert!(matches!(&t.rader[0], RawTableRow::Group(g) if g == "Nya"));
        assert!(
            matches!(&t.rader[1], RawTableRow::Values { cells, .. } if cells[1] == crate::load::yaml::RawCell::Missing(crate::load::yaml::MissingSymbol::NotAvailable))
        );
        assert!(matches!(
            &t.rader[2],
            RawTableRow::Values {
                source_error: Some(_),
                ..
            }
        ));
    }
}
