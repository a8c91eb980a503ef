//! Where rows are that were not written as YAML items: lines pasted into `rader: |` (a line
//! of the page) and rows read from a spreadsheet (a row and column of that file). Everything
//! else is found in the block's YAML.

use super::origin::YamlOrigin;
use super::sheets::SheetSource;
use super::tables::{RawRow, RawRows};
use crate::load::yaml::PathSeg;
use crate::model::origin::{At, Locate, RowPath, Step};
use std::path::{Path, PathBuf};

/// Where the lines of a table's rows are.
#[derive(Debug)]
pub enum LinesIn {
    /// Lines of `rader: |` in the page.
    Pasted,
    /// Rows of a spreadsheet: the file, and the column of the row labels (0-based).
    Sheet { file: PathBuf, first_col: usize },
}

#[derive(Debug)]
pub struct LinesOrigin {
    pub yaml: YamlOrigin,
    pub lines_in: LinesIn,
    /// Each row's path in the table, with its line.
    pub rows: Vec<(RowPath, usize)>,
}

impl LinesOrigin {
    /// An origin for a table whose rows have lines, or `None` when none has (written as YAML).
    pub fn new(yaml: YamlOrigin, rows: &RawRows, sheet: Option<SheetSource>) -> Option<LinesOrigin> {
        let mut found = Vec::new();
        for (i, r) in rows.0.iter().enumerate() {
            walk(r, vec![Step::Row(i)], &mut found);
        }
        if found.is_empty() {
            return None;
        }
        Some(LinesOrigin {
            yaml,
            lines_in: match sheet {
                Some(s) => LinesIn::Sheet {
                    file: s.file,
                    first_col: s.first_col,
                },
                None => LinesIn::Pasted,
            },
            rows: found,
        })
    }

    fn line_of(&self, at: &At) -> Option<(usize, Option<usize>)> {
        let (path, col) = match at {
            At::Row(p) | At::RowField(p, _) => (p, None),
            At::Cell(p, c) => (p, Some(*c)),
            _ => return None,
        };
        self.rows.iter().find(|(p, _)| p == path).map(|(_, l)| (*l, col))
    }

    /// The file line of the first pasted line: the line after `rader: |`.
    fn pasted_start(&self) -> Option<usize> {
        let (line, col) = self.yaml.exact_path(&[PathSeg::Key("rader")])?;
        let text = self.yaml.yaml.lines().nth(line.checked_sub(self.yaml.first_line)?)?;
        let at = text
            .char_indices()
            .nth(col.saturating_sub(1))
            .map_or(text.len(), |(i, _)| i);
        text[at..].trim_start().starts_with(['|', '>']).then_some(line + 1)
    }
}

fn walk(r: &RawRow, path: RowPath, out: &mut Vec<(RowPath, usize)>) {
    if let Some(l) = r.line {
        out.push((path.clone(), l));
    }
    let sub = |s: Step| {
        let mut p = path.clone();
        p.push(s);
        p
    };
    for (i, c) in r.parts.iter().enumerate() {
        walk(c, sub(Step::Child(i)), out);
    }
    for (i, c) in r.varav.iter().enumerate() {
        walk(c, sub(Step::Varav(i)), out);
    }
    if let Some(t) = &r.total {
        walk(t, sub(Step::Total), out);
    }
}

impl Locate for LinesOrigin {
    fn file(&self) -> &Path {
        self.yaml.file()
    }

    fn locate(&self, at: &At) -> (usize, usize) {
        match (self.line_of(at), &self.lines_in) {
            (Some((row, col)), LinesIn::Sheet { first_col, .. }) => (row + 1, first_col + 1 + col.map_or(0, |c| c + 1)),
            (Some((line, _)), LinesIn::Pasted) => match self.pasted_start() {
                Some(start) => (start + line, 0),
                None => self.yaml.locate(at),
            },
            (None, _) => self.yaml.locate(at),
        }
    }

    fn start_line(&self) -> usize {
        self.yaml.start_line()
    }

    fn file_at(&self, at: &At) -> Option<&Path> {
        match &self.lines_in {
            LinesIn::Sheet { file, .. } if self.line_of(at).is_some() => Some(file),
            _ => None,
        }
    }
}
