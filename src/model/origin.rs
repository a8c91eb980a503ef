//! Where a block's parts came from, for messages: the model names a part of a block in its
//! own terms (row 3's second cell, the title, the fourth uppdrag's status) and the loader that
//! read the block answers with a file, line and column. The model never sees the input format.

use crate::diagnostics::Diagnostic;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A named field of a block, a row, a column or an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Title,
    Unit,
    Period,
    Columns,
    Rows,
    Chart,
    Note,
    Convention,
    Headings,
    Status,
    Formula,
    Name,
    Value,
    Outcome,
    Target,
    Earlier,
    Code,
    Activities,
    SourceError,
    Unchecked,
    Indicator,
    Kolada,
    Comparison,
    Kind,
    Summed,
}

/// One step down a table's row tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// A top-level row.
    Row(usize),
    /// A part of the row above (a committee's activity, a group's member).
    Child(usize),
    /// A "varav" row under the row above.
    Varav(usize),
    /// The sum row of the group above, or of the whole table when it is the only step.
    Total,
}

pub type RowPath = Vec<Step>;

/// A part of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    Block,
    Field(Field),
    Column(usize),
    ColumnField(usize, Field),
    Row(RowPath),
    RowField(RowPath, Field),
    /// A data cell: the row, and the column counted from the first after the row headings.
    Cell(RowPath, usize),
    /// An item of a list block (an indicator, an uppdrag, a key figure).
    Item(usize),
    ItemField(usize, Field),
    /// The `j`th activity of uppdrag `i`, or a field of it.
    Sub(usize, usize),
    SubField(usize, usize, Field),
}

/// Answers where a part of a block is in the editor's file.
pub trait Locate: Send + Sync + std::fmt::Debug {
    fn file(&self) -> &Path;
    /// Line and column (1-based; column 0 when unknown).
    fn locate(&self, at: &At) -> (usize, usize);
    /// The line to name when no part can be found (the block's start).
    fn start_line(&self) -> usize;
    /// The file a part is in, when it is not the block's (rows read from a spreadsheet).
    fn file_at(&self, _at: &At) -> Option<&Path> {
        None
    }
}

/// After this many problems in one block the build reports no more of them (there is a
/// summary instead), and stops asking where they are.
pub const MAX_PROBLEMS_PER_BLOCK: usize = 50;

/// A block's origin, shared by everything built from the block.
#[derive(Debug, Clone)]
pub struct Origin {
    inner: Arc<dyn Locate>,
    located: Arc<AtomicUsize>,
}

impl Origin {
    pub fn new(locate: Arc<dyn Locate>) -> Origin {
        Origin {
            inner: locate,
            located: Arc::new(AtomicUsize::new(0)),
        }
    }

    pub fn file(&self) -> &Path {
        self.inner.file()
    }

    pub fn start_line(&self) -> usize {
        self.inner.start_line()
    }

    pub fn locate(&self, at: &At) -> (usize, usize) {
        self.inner.locate(at)
    }

    /// A problem at a part of the block (past [`MAX_PROBLEMS_PER_BLOCK`], at the block).
    pub fn error(&self, at: &At, message: impl Into<String>) -> Diagnostic {
        let n = self.located.fetch_add(1, Ordering::Relaxed);
        let (file, line, col) = if n < MAX_PROBLEMS_PER_BLOCK {
            let (line, col) = self.inner.locate(at);
            (self.inner.file_at(at).unwrap_or(self.inner.file()), line, col)
        } else {
            (self.inner.file(), self.inner.start_line(), 0)
        };
        Diagnostic::new(file, line, message).at(line, col)
    }
}

/// An origin for blocks made in code (tests, generated pages): every part is at one line.
#[derive(Debug)]
pub struct Fixed {
    pub file: std::path::PathBuf,
    pub line: usize,
}

impl Locate for Fixed {
    fn file(&self) -> &Path {
        &self.file
    }
    fn locate(&self, _: &At) -> (usize, usize) {
        (self.line, 0)
    }
    fn start_line(&self) -> usize {
        self.line
    }
}
