//! Where a part of a YAML block is: the model asks in its own terms (a row, a cell, a field
//! of an item) and this answers with a line and column of the `.md` file, found by the YAML
//! parser itself (only when a problem is reported, so a clean build never pays for it).

use super::BlockKind;
use crate::load::yaml::{Fragment, PathSeg};
use crate::model::origin::{At, Field, Locate, Step};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub struct YamlOrigin {
    pub kind: BlockKind,
    pub file: PathBuf,
    pub yaml: String,
    /// File line of the first YAML line.
    pub first_line: usize,
    /// Columns the block is indented by in the file (inside a list item or quote).
    pub indent: usize,
}

fn key(kind: BlockKind, f: Field) -> &'static str {
    match f {
        Field::Id => "id",
        Field::Title => "titel",
        Field::Unit => "enhet",
        Field::Period => "period",
        Field::Columns => "kolumner",
        Field::Rows => "rader",
        Field::Chart => "diagram",
        Field::Note => "not",
        Field::Convention => "avvikelse",
        Field::Headings => "rubriker",
        Field::Status => "status",
        Field::Formula => "formel",
        Field::Name if kind == BlockKind::Assignments => "titel",
        Field::Name => "namn",
        Field::Value => "värde",
        Field::Outcome => "utfall",
        Field::Target => "mål",
        Field::Earlier => "tidigare",
        Field::Code => "kod",
        Field::Activities => "aktiviteter",
        Field::SourceError => "källfel",
        Field::Unchecked => "okontrollerad",
        Field::Indicator => "indikator",
        Field::Kolada => "kolada",
        Field::Comparison => "jämförelse",
        Field::Kind => "typ",
        Field::Summed => "summeras",
    }
}

fn list(kind: BlockKind) -> &'static str {
    match kind {
        BlockKind::KeyFigures => "poster",
        BlockKind::Indicators => "indikatorer",
        BlockKind::Assignments => "uppdrag",
        BlockKind::FinancialTable | BlockKind::Table => "rader",
    }
}

fn row_path(steps: &[Step]) -> Vec<PathSeg> {
    let mut p = Vec::new();
    for s in steps {
        match s {
            Step::Row(i) => p.extend([PathSeg::Key("rader"), PathSeg::Index(*i)]),
            Step::Child(i) => p.extend([PathSeg::Key("delar"), PathSeg::Index(*i)]),
            Step::Varav(i) => p.extend([PathSeg::Key("varav"), PathSeg::Index(*i)]),
            Step::Total => p.push(PathSeg::Key("summa")),
        }
    }
    p
}

impl YamlOrigin {
    fn fragment(&self) -> Fragment<'_> {
        Fragment {
            file: &self.file,
            text: &self.yaml,
            first_line: self.first_line,
        }
    }

    fn exact(&self, path: &[PathSeg]) -> Option<(usize, usize)> {
        self.fragment().locate_exact(path)
    }

    pub(super) fn exact_path(&self, path: &[PathSeg]) -> Option<(usize, usize)> {
        self.exact(path)
    }

    /// The cell `col` of a row written as `Rubrik | a | b` (or `rad: Rubrik | a | b`), or the
    /// key of a financial table's row written with keys. Each lookup parses the block again, so
    /// the common form, a row on one line, is found with one.
    fn cell(&self, row: &[PathSeg], col: usize) -> Option<(usize, usize)> {
        let row_at = self.exact(row)?;
        if let Some(p) = self.separated_cell(row_at, col) {
            return Some(p);
        }
        if self.kind == BlockKind::FinancialTable {
            let mut keyed = row.to_vec();
            keyed.push(PathSeg::Key(["utfall", "budget", "avvikelse"].get(col)?));
            if let Some(p) = self.exact(&keyed) {
                return Some(p);
            }
        }
        let mut with_rad = row.to_vec();
        with_rad.push(PathSeg::Key("rad"));
        match self.exact(&with_rad) {
            Some(at) => Some(self.separated_cell(at, col).unwrap_or(at)),
            None => Some(row_at),
        }
    }

    /// The position of cell `col` in a row text that starts at `(line, column)` and has its
    /// cells on that line, after a `rad:` key if there is one.
    fn separated_cell(&self, (line, column): (usize, usize), col: usize) -> Option<(usize, usize)> {
        let text = self.yaml.lines().nth(line.checked_sub(self.first_line)?)?;
        let mut start = text.char_indices().nth(column.saturating_sub(1)).map(|(i, _)| i)?;
        if let Some(value) = text[start..].strip_prefix("rad:") {
            start = text.len() - value.trim_start().len();
        }
        let rest = &text[start..];
        let sep = if rest.contains('|') { '|' } else { '\t' };
        let mut seen = 0;
        for (i, c) in rest.char_indices() {
            if c == sep {
                seen += 1;
                if seen == col + 1 {
                    let after = &rest[i + 1..];
                    let pad = after.len() - after.trim_start().len();
                    let offset = text[..start + i + 1 + pad].chars().count();
                    return Some((line, offset + 1));
                }
            }
        }
        None
    }

    fn path(&self, at: &At) -> Vec<PathSeg> {
        let table = matches!(self.kind, BlockKind::Table | BlockKind::FinancialTable);
        match at {
            At::Block => Vec::new(),
            At::Field(f) => vec![PathSeg::Key(key(self.kind, *f))],
            At::Column(i) | At::ColumnField(i, _) if self.kind == BlockKind::FinancialTable => {
                if matches!(at, At::ColumnField(_, Field::Formula)) {
                    vec![PathSeg::Key("avvikelse")]
                } else {
                    vec![PathSeg::Key("rubriker"), PathSeg::Index(i + 1)]
                }
            }
            At::Column(i) => vec![PathSeg::Key("kolumner"), PathSeg::Index(i + 1)],
            At::ColumnField(i, f) => vec![
                PathSeg::Key("kolumner"),
                PathSeg::Index(i + 1),
                PathSeg::Key(key(self.kind, *f)),
            ],
            At::Row(p) | At::Cell(p, _) => row_path(p),
            At::RowField(p, f) => {
                let mut v = row_path(p);
                v.push(PathSeg::Key(key(self.kind, *f)));
                v
            }
            At::Item(i) if !table => vec![PathSeg::Key(list(self.kind)), PathSeg::Index(*i)],
            At::ItemField(i, f) => vec![
                PathSeg::Key(list(self.kind)),
                PathSeg::Index(*i),
                PathSeg::Key(key(self.kind, *f)),
            ],
            At::Sub(i, j) => vec![
                PathSeg::Key(list(self.kind)),
                PathSeg::Index(*i),
                PathSeg::Key("aktiviteter"),
                PathSeg::Index(*j),
            ],
            At::SubField(i, j, f) => vec![
                PathSeg::Key(list(self.kind)),
                PathSeg::Index(*i),
                PathSeg::Key("aktiviteter"),
                PathSeg::Index(*j),
                PathSeg::Key(key(self.kind, *f)),
            ],
            At::Item(i) => vec![PathSeg::Key("rader"), PathSeg::Index(*i)],
        }
    }
}

impl Locate for YamlOrigin {
    fn file(&self) -> &Path {
        &self.file
    }

    fn locate(&self, at: &At) -> (usize, usize) {
        let found = match at {
            At::Cell(p, col) => self.cell(&row_path(p), *col),
            other => {
                let path = self.path(other);
                // A field that is not written: the part it belongs to.
                self.exact(&path).or_else(|| {
                    (1..path.len()).rev().find_map(|n| {
                        self.exact(&path[..n])
                            .filter(|_| matches!(path[n - 1], PathSeg::Index(_)))
                    })
                })
            }
        };
        match found {
            Some((line, col)) => (line, if col > 0 { col + self.indent } else { 0 }),
            None => (self.start_line(), 0),
        }
    }

    fn start_line(&self) -> usize {
        self.first_line.saturating_sub(1)
    }
}
