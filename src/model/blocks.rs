//! The typed report blocks of a page, built from what the editor wrote and checked.

use crate::diagnostics::Diagnostic;
use crate::model::assignment::{self, AssignmentSet, AssignmentSetSpec};
use crate::model::indicator::{self, IndicatorSet, IndicatorSetSpec};
use crate::model::number::Figure;
use crate::model::origin::{At, Field, MAX_PROBLEMS_PER_BLOCK, Origin};
use crate::model::period::Period;
use crate::model::table::{self, Table, TableSpec};
use crate::model::values::{StatusWords, Unit};
use crate::policy::{ID_HINT, valid_id};
use std::collections::BTreeSet;

/// A block as a loader hands it over: what the editor wrote, where, and in which file.
#[derive(Debug, Clone)]
pub struct BlockInput {
    pub spec: BlockSpec,
    /// The editor's `id:`, if any.
    pub id: Option<String>,
    pub origin: Origin,
    /// Byte offset of the block in the page's body: where the page shows it.
    pub offset: usize,
    /// A fingerprint of what the editor wrote (the block's kind and text): two readings with
    /// the same fingerprint give the same block, wherever it stands in the page.
    pub written: u64,
}

impl BlockInput {
    /// Whether two readings of a block say the same, wherever they stand.
    pub fn same_as_written(&self, other: &BlockInput) -> bool {
        self.written == other.written && self.origin.file() == other.origin.file()
    }
}

#[derive(Debug, Clone)]
pub enum BlockSpec {
    KeyFigures(KeyFiguresSpec),
    Indicators(IndicatorSetSpec),
    Assignments(AssignmentSetSpec),
    /// A table; `financial` for an `ekonomitabell` (utfall, budget, avvikelse).
    Table {
        spec: Box<TableSpec>,
        financial: bool,
    },
}

impl BlockSpec {
    /// The block type's name, as editors write it and as download files are named.
    pub fn name(&self) -> &'static str {
        match self {
            BlockSpec::KeyFigures(_) => "nyckeltal",
            BlockSpec::Indicators(_) => "indikatorer",
            BlockSpec::Assignments(_) => "uppdrag",
            BlockSpec::Table { financial: true, .. } => "ekonomitabell",
            BlockSpec::Table { .. } => "tabell",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Block {
    KeyFigures(KeyFigures),
    Indicators(IndicatorSet),
    Assignments(AssignmentSet),
    Table(Box<Table>),
}

impl Block {
    /// Unique on its page; names the download files.
    pub fn key(&self) -> &str {
        match self {
            Block::KeyFigures(b) => &b.key,
            Block::Indicators(b) => &b.key,
            Block::Assignments(b) => &b.key,
            Block::Table(b) => &b.key,
        }
    }
}

/// A placed block: the block and where in the page's body it stands.
#[derive(Debug, Clone)]
pub struct Placed {
    pub block: Block,
    pub offset: usize,
}

#[derive(Debug, Clone, Default)]
pub struct KeyFiguresSpec {
    pub title: Option<String>,
    pub period: Option<Period>,
    pub items: Vec<KeyFigureSpec>,
}

#[derive(Debug, Clone)]
pub struct KeyFigureSpec {
    pub name: String,
    pub value: Figure,
    pub unit: Option<Unit>,
    pub period: Option<Period>,
    pub comparison: Option<(Figure, Period)>,
    pub text: Option<String>,
}

#[derive(Debug, Clone)]
pub struct KeyFigures {
    pub key: String,
    pub title: Option<String>,
    pub items: Vec<KeyFigure>,
}

#[derive(Debug, Clone)]
pub struct KeyFigure {
    pub name: String,
    pub value: Figure,
    pub unit: Option<Unit>,
    pub period: Option<Period>,
    pub comparison: Option<(Figure, Period)>,
    pub text: Option<String>,
}

/// What blocks of one page share: the report's period and the body's status words.
pub struct Context<'a> {
    pub period: Option<&'a Period>,
    pub words: &'a StatusWords,
}

/// Build every block of one page.
pub fn build_all(inputs: Vec<BlockInput>, ctx: &Context, diags: &mut Vec<Diagnostic>) -> Vec<Placed> {
    let mut used = BTreeSet::new();
    let mut out = Vec::with_capacity(inputs.len());
    for (n, b) in inputs.into_iter().enumerate() {
        let first_problem = diags.len();
        let key = match &b.id {
            Some(id) => {
                if !valid_id(id) {
                    diags.push(
                        b.origin
                            .error(&At::Field(Field::Id), format!("ogiltigt id \"{id}\""))
                            .hint(ID_HINT),
                    );
                }
                if !used.insert(id.clone()) {
                    diags.push(b.origin.error(
                        &At::Field(Field::Id),
                        format!("id \"{id}\" används av två block på samma sida"),
                    ));
                }
                id.clone()
            }
            None => {
                let mut k = format!("{}-{}", b.spec.name(), n + 1);
                while !used.insert(k.clone()) {
                    k.push('b');
                }
                k
            }
        };
        let origin = b.origin.clone();
        let block = match b.spec {
            BlockSpec::KeyFigures(k) => Block::KeyFigures(key_figures(k, key, ctx.period)),
            BlockSpec::Indicators(i) => {
                Block::Indicators(indicator::build(i, key, ctx.period, ctx.words, &origin, diags))
            }
            BlockSpec::Assignments(a) => Block::Assignments(assignment::build(a, key, ctx.words, &origin, diags)),
            BlockSpec::Table { spec, .. } => Block::Table(Box::new(table::build(*spec, key, &origin, diags))),
        };
        out.push(Placed {
            block,
            offset: b.offset,
        });
        let more = diags.len().saturating_sub(first_problem + MAX_PROBLEMS_PER_BLOCK);
        if more > 0 {
            diags.truncate(first_problem + MAX_PROBLEMS_PER_BLOCK);
            diags.push(
                Diagnostic::new(
                    origin.file(),
                    origin.start_line(),
                    format!("… och {more} fel till i samma block"),
                )
                .hint("rätta felen ovan och bygg igen, så visas de som återstår"),
            );
        }
    }
    out
}

fn key_figures(k: KeyFiguresSpec, key: String, default_period: Option<&Period>) -> KeyFigures {
    let block_period = k.period.or_else(|| default_period.cloned());
    KeyFigures {
        key,
        title: k.title,
        items: k
            .items
            .into_iter()
            .map(|p| KeyFigure {
                name: p.name,
                value: p.value,
                unit: p.unit,
                period: p.period.or_else(|| block_period.clone()),
                comparison: p.comparison,
                text: p.text,
            })
            .collect(),
    }
}
