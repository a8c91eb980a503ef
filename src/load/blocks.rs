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
use crate::load::yaml::{Fragment, Num, PathSeg, RawCell, custom, pair, scalar};
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::path::{Path, PathBuf};

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

// ---- key figures -------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyFigures {
    pub id: Option<String>,
    pub titel: Option<String>,
    pub period: Option<Text>,
    pub poster: Vec<RawKeyFigure>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKeyFigure {
    pub namn: String,
    pub värde: Num,
    pub enhet: Option<Unit>,
    pub period: Option<Text>,
    pub jämförelse: Option<RawComparison>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawComparison {
    pub värde: Num,
    pub period: Text,
}

// ---- indicators --------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicators {
    pub id: Option<String>,
    pub titel: Option<String>,
    pub period: Option<Text>,
    pub indikatorer: Vec<RawIndicator>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator {
    pub id: Option<String>,
    pub namn: String,
    pub enhet: Option<Unit>,
    pub utfall: Option<Num>,
    pub mål: Option<Num>,
    pub riktning: Option<Direction>,
    pub status: Option<Status>,
    pub period: Option<Text>,
    pub kolada: Option<String>,
    #[serde(default)]
    pub tidigare: Vec<RawEarlierValue>,
    pub grupp: Option<String>,
    pub beskrivning: Option<String>,
    pub kommentar: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEarlierValue {
    pub period: Text,
    pub utfall: Num,
    pub mål: Option<Num>,
}

/// Which way an indicator improves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    HigherIsBetter,
    LowerIsBetter,
}

impl<'de> Deserialize<'de> for Direction {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| match s.trim().to_lowercase().as_str() {
            "högre" | "högre är bättre" | "hogre" | "upp" => Ok(Direction::HigherIsBetter),
            "lägre" | "lägre är bättre" | "lagre" | "ned" | "ner" => Ok(Direction::LowerIsBetter),
            _ => Err(pair(
                format!("okänd riktning \"{s}\""),
                "skriv riktning: högre (högre värde är bättre) eller riktning: lägre (lägre värde är bättre)",
            )),
        })
    }
}

/// How far an assignment or indicator has come: one list, shared by both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    Fulfilled,
    PartlyFulfilled,
    NotFulfilled,
    InProgress,
    NotStarted,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Fulfilled,
        Status::PartlyFulfilled,
        Status::NotFulfilled,
        Status::InProgress,
        Status::NotStarted,
        Status::Cancelled,
    ];

    /// The word editors write, and residents read.
    pub fn name(self) -> &'static str {
        match self {
            Status::Fulfilled => "uppfyllt",
            Status::PartlyFulfilled => "delvis uppfyllt",
            Status::NotFulfilled => "ej uppfyllt",
            Status::InProgress => "pågår",
            Status::NotStarted => "ej påbörjat",
            Status::Cancelled => "avbrutet",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        let t = s.trim().to_lowercase().replace(['_', '-'], " ");
        let t = match t.as_str() {
            "uppfylls" | "uppfylld" => "uppfyllt",
            "uppfylls delvis" | "delvis uppfylld" | "delvis uppfylls" => "delvis uppfyllt",
            "uppfylls inte" | "inte uppfyllt" | "ej uppfylld" => "ej uppfyllt",
            "pagar" => "pågår",
            "ej paborjat" | "inte påbörjat" => "ej påbörjat",
            other => other,
        };
        Status::ALL.into_iter().find(|s| s.name() == t)
    }
}

impl<'de> Deserialize<'de> for Status {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            Status::parse(s).ok_or_else(|| {
                let names: Vec<&str> = Status::ALL.iter().map(|s| s.name()).collect();
                pair(format!("okänd status \"{s}\""), suggestion_hint(s, &names, "statusar"))
            })
        })
    }
}

// ---- assignments -------------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssignments {
    pub id: Option<String>,
    pub titel: Option<String>,
    pub uppdrag: Vec<RawAssignment>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAssignment {
    pub id: String,
    pub titel: String,
    pub status: Option<Status>,
    pub ansvarig: Option<String>,
    pub tidsplan: Option<Text>,
    pub text: Option<String>,
    pub kommentar: Option<String>,
}

// ---- financial tables --------------------------------------------------------------------

/// Which way a deviation is computed; tables in real reports use both.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignConvention {
    /// avvikelse = utfall − budget (the resultaträkning: costs negative, positive = surplus).
    OutcomeMinusBudget,
    /// avvikelse = budget − utfall (investment tables: positive = less spent than budgeted).
    BudgetMinusOutcome,
}

impl<'de> Deserialize<'de> for SignConvention {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            let t: String = s
                .to_lowercase()
                .replace("minus", "-")
                .chars()
                .map(|c| if matches!(c, '\u{2212}' | '\u{2013}') { '-' } else { c })
                .filter(|c| c.is_alphabetic() || *c == '-')
                .collect();
            let t = t.split('-').filter(|p| !p.is_empty()).collect::<Vec<_>>().join("-");
            match t.as_str() {
                "utfall-budget" => Ok(SignConvention::OutcomeMinusBudget),
                "budget-utfall" => Ok(SignConvention::BudgetMinusOutcome),
                _ => Err(pair(
                    format!("okänd teckenkonvention \"{s}\""),
                    "skriv avvikelse: utfall − budget (som i resultaträkningen) eller avvikelse: budget − utfall (som i investeringstabeller)",
                )),
            }
        })
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawFinancialTable {
    pub id: Option<String>,
    pub titel: String,
    pub enhet: Unit,
    pub period: Option<Text>,
    pub avvikelse: SignConvention,
    pub rubriker: Option<Vec<String>>,
    pub rader: Vec<RawFinancialRow>,
    pub summa: Option<RawFinancialRow>,
    pub diagram: Option<bool>,
    pub not: Option<String>,
}

/// One row: `Regionkontoret | -599,8 | -608,8 | 8,9`, or the same as keys.
#[derive(Debug, Clone)]
pub struct RawFinancialRow {
    pub label: String,
    pub outcome: Num,
    pub budget: Num,
    pub deviation: Option<Num>,
    /// The editor's note that the published report's own figures do not add up here.
    pub source_error: Option<String>,
}

impl<'de> Deserialize<'de> for RawFinancialRow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(FinancialRowVisitor)
    }
}

struct FinancialRowVisitor;

const FIN_ROW_HINT: &str = "skriv raden som \"Post | utfall | budget | avvikelse\" (avvikelsen kan utelämnas)";

impl FinancialRowVisitor {
    fn from_pipe<E: de::Error>(s: &str, source_error: Option<String>) -> Result<RawFinancialRow, E> {
        let cells = split_pipe(s);
        if !(3..=4).contains(&cells.len()) {
            return Err(custom(
                format!("raden \"{s}\" har {} fält, väntade 3 eller 4", cells.len()),
                FIN_ROW_HINT,
            ));
        }
        let num = |i: usize| -> Result<Num, E> {
            crate::load::number::parse_number(cells[i])
                .map(Num)
                .map_err(|e| custom(format!("{} i raden \"{}\"", e.message, cells[0]), e.hint))
        };
        Ok(RawFinancialRow {
            label: cells[0].to_string(),
            outcome: num(1)?,
            budget: num(2)?,
            deviation: if cells.len() == 4 { Some(num(3)?) } else { None },
            source_error,
        })
    }
}

impl<'de> Visitor<'de> for FinancialRowVisitor {
    type Value = RawFinancialRow;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("en rad \"Post | utfall | budget | avvikelse\"")
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<RawFinancialRow, E> {
        Self::from_pipe(s, None)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawFinancialRow, A::Error> {
        #[derive(Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Keys {
            rad: Option<String>,
            post: Option<String>,
            utfall: Option<Num>,
            budget: Option<Num>,
            avvikelse: Option<Num>,
            källfel: Option<String>,
        }
        let k = Keys::deserialize(de::value::MapAccessDeserializer::new(map))?;
        if let Some(rad) = k.rad {
            return Self::from_pipe(&rad, k.källfel);
        }
        match (k.post, k.utfall, k.budget) {
            (Some(label), Some(outcome), Some(budget)) => Ok(RawFinancialRow {
                label,
                outcome,
                budget,
                deviation: k.avvikelse,
                source_error: k.källfel,
            }),
            _ => Err(custom("raden saknar post, utfall eller budget", FIN_ROW_HINT)),
        }
    }
}

// ---- generic tables ----------------------------------------------------------------------

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTable {
    pub id: Option<String>,
    pub titel: String,
    pub enhet: Option<Unit>,
    pub period: Option<Text>,
    pub kolumner: Vec<RawColumn>,
    pub rader: Vec<RawTableRow>,
    pub summa: Option<RawTableRow>,
    pub diagram: Option<ChartKind>,
    pub not: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartKind {
    Line,
    Bars,
}

impl<'de> Deserialize<'de> for ChartKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| match s.trim() {
            "linje" => Ok(ChartKind::Line),
            "stapel" | "staplar" => Ok(ChartKind::Bars),
            _ => Err(pair(
                format!("okänd diagramtyp \"{s}\""),
                suggestion_hint(s, &["linje", "stapel"], "diagramtyper"),
            )),
        })
    }
}

/// A column: a heading, or a heading with its own unit.
#[derive(Debug, Clone)]
pub struct RawColumn {
    pub heading: String,
    pub unit: Option<Unit>,
}

impl<'de> Deserialize<'de> for RawColumn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawColumn;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en kolumnrubrik eller {rubrik, enhet}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawColumn, E> {
                Ok(RawColumn {
                    heading: s.to_string(),
                    unit: None,
                })
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawColumn, E> {
                Ok(RawColumn {
                    heading: v.to_string(),
                    unit: None,
                })
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawColumn, E> {
                Ok(RawColumn {
                    heading: v.to_string(),
                    unit: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawColumn, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Keys {
                    rubrik: String,
                    enhet: Option<Unit>,
                }
                let k = Keys::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawColumn {
                    heading: k.rubrik,
                    unit: k.enhet,
                })
            }
        }
        d.deserialize_any(V)
    }
}

/// A row of a generic table: `Rubrik | 1 | 2 | ..`, a group heading, or a row with a note.
#[derive(Debug, Clone)]
pub enum RawTableRow {
    Values {
        label: String,
        cells: Vec<RawCell>,
        source_error: Option<String>,
    },
    Group(String),
}

impl<'de> Deserialize<'de> for RawTableRow {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        fn pipe<E: de::Error>(s: &str, source_error: Option<String>) -> Result<RawTableRow, E> {
            let parts = split_pipe(s);
            let mut cells = Vec::new();
            for p in &parts[1..] {
                cells.push(RawCell::parse(p).map_err(|e| {
                    custom(
                        format!("{} i raden \"{}\"", e.message, parts[0]),
                        format!("{}; saknas värdet, skriv .. (uppgift saknas), . (kan inte förekomma) eller - (inget att redovisa)", e.hint),
                    )
                })?);
            }
            Ok(RawTableRow::Values {
                label: parts[0].to_string(),
                cells,
                source_error,
            })
        }
        impl<'de> Visitor<'de> for V {
            type Value = RawTableRow;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("en rad \"Rubrik | värde | värde …\" eller {grupp: Rubrik}")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<RawTableRow, E> {
                pipe(s, None)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawTableRow, A::Error> {
                #[derive(Deserialize)]
                #[serde(deny_unknown_fields)]
                struct Keys {
                    grupp: Option<String>,
                    rad: Option<String>,
                    källfel: Option<String>,
                }
                let k = Keys::deserialize(de::value::MapAccessDeserializer::new(map))?;
                match (k.grupp, k.rad) {
                    (Some(g), None) => Ok(RawTableRow::Group(g)),
                    (None, Some(r)) => pipe(&r, k.källfel),
                    _ => Err(custom(
                        "raden ska ha antingen grupp: eller rad:",
                        "skriv {grupp: Rubrik} eller {rad: \"Rubrik | 1 | 2\"}",
                    )),
                }
            }
        }
        d.deserialize_any(V)
    }
}

fn split_pipe(s: &str) -> Vec<&str> {
    s.split('|').map(str::trim).collect()
}

// ---- shared small types ------------------------------------------------------------------

/// A text that editors may write as a number too (`period: 2023`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| Ok(Text(s.to_string())))
    }
}

/// The unit of an amount, from a short list so that formatting and checks know it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Unit {
    Kr,
    Tkr,
    Mnkr,
    Mdkr,
    Percent,
    Count,
    Days,
    Index,
    Km,
    Kwh,
    TonCo2e,
}

impl Unit {
    pub const ALL: [Unit; 11] = [
        Unit::Kr,
        Unit::Tkr,
        Unit::Mnkr,
        Unit::Mdkr,
        Unit::Percent,
        Unit::Count,
        Unit::Days,
        Unit::Index,
        Unit::Km,
        Unit::Kwh,
        Unit::TonCo2e,
    ];

    /// The unit as written after a number (`72 704 tkr`); empty for plain counts.
    pub fn symbol(self) -> &'static str {
        match self {
            Unit::Kr => "kr",
            Unit::Tkr => "tkr",
            Unit::Mnkr => "mnkr",
            Unit::Mdkr => "mdkr",
            Unit::Percent => "%",
            Unit::Count => "antal",
            Unit::Days => "dagar",
            Unit::Index => "index",
            Unit::Km => "km",
            Unit::Kwh => "kWh",
            Unit::TonCo2e => "ton CO2e",
        }
    }

    /// The unit in words, for captions and screen readers.
    pub fn words(self) -> &'static str {
        match self {
            Unit::Kr => "kronor",
            Unit::Tkr => "tusental kronor",
            Unit::Mnkr => "miljoner kronor",
            Unit::Mdkr => "miljarder kronor",
            Unit::Percent => "procent",
            Unit::Count => "antal",
            Unit::Days => "dagar",
            Unit::Index => "indexvärde",
            Unit::Km => "kilometer",
            Unit::Kwh => "kilowattimmar",
            Unit::TonCo2e => "ton koldioxidekvivalenter",
        }
    }

    pub fn parse(s: &str) -> Option<Unit> {
        let t = s.trim();
        let lower = t.to_lowercase();
        Unit::ALL
            .into_iter()
            .find(|u| u.symbol().to_lowercase() == lower || u.words() == lower)
            .or(match lower.as_str() {
                "procent" => Some(Unit::Percent),
                "st" | "stycken" => Some(Unit::Count),
                _ => None,
            })
    }
}

impl<'de> Deserialize<'de> for Unit {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        scalar(d, "a string", |s: &str| {
            Unit::parse(s).ok_or_else(|| {
                let names: Vec<&str> = Unit::ALL.iter().map(|u| u.symbol()).collect();
                pair(format!("okänd enhet \"{s}\""), suggestion_hint(s, &names, "enheter"))
            })
        })
    }
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
            matches!(&t.rader[1], RawTableRow::Values { cells, .. } if cells[1] == RawCell::Missing(crate::load::yaml::MissingSymbol::NotAvailable))
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
