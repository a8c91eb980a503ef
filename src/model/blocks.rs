//! The typed report blocks of a page, built from the raw blocks and checked.

use crate::diagnostics::Diagnostic;
use crate::load::blocks::{
    MAX_PROBLEMS_PER_BLOCK, RawAssignments, RawBlock, RawBlockData, RawKeyFigures, Status, Unit,
};
use crate::load::yaml::PathSeg;
use crate::model::financial::{self, FinancialTable};
use crate::model::indicator::{self, ID_HINT, IndicatorSet, valid_id};
use crate::model::table::{self, Table};
use rust_decimal::Decimal;
use std::collections::BTreeSet;

#[derive(Debug, Clone)]
pub enum Block {
    KeyFigures(KeyFigures),
    Indicators(IndicatorSet),
    Assignments(AssignmentSet),
    Financial(FinancialTable),
    Table(Table),
}

impl Block {
    /// Unique on its page; names the download files.
    pub fn key(&self) -> &str {
        match self {
            Block::KeyFigures(b) => &b.key,
            Block::Indicators(b) => &b.key,
            Block::Assignments(b) => &b.key,
            Block::Financial(b) => &b.key,
            Block::Table(b) => &b.key,
        }
    }
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
    pub value: Decimal,
    pub unit: Option<Unit>,
    pub period: Option<String>,
    pub comparison: Option<(Decimal, String)>,
    pub text: Option<String>,
}

#[derive(Debug, Clone)]
pub struct AssignmentSet {
    pub key: String,
    pub title: Option<String>,
    pub items: Vec<Assignment>,
}

#[derive(Debug, Clone)]
pub struct Assignment {
    pub id: String,
    pub title: String,
    pub status: Option<Status>,
    pub responsible: Option<String>,
    pub timeline: Option<String>,
    pub text: Option<String>,
    pub comment: Option<String>,
}

/// Build every block of one page. `default_period` is the report's year, if any.
pub fn build_all(raw: &[RawBlock], default_period: Option<&str>, diags: &mut Vec<Diagnostic>) -> Vec<Block> {
    let mut used = BTreeSet::new();
    let mut out = Vec::with_capacity(raw.len());
    for (n, b) in raw.iter().enumerate() {
        let first_problem = diags.len();
        let explicit = match &b.data {
            RawBlockData::KeyFigures(r) => r.id.clone(),
            RawBlockData::Indicators(r) => r.id.clone(),
            RawBlockData::Assignments(r) => r.id.clone(),
            RawBlockData::FinancialTable(r) => r.id.clone(),
            RawBlockData::Table(r) => r.id.clone(),
        };
        let key = match explicit {
            Some(id) => {
                if !valid_id(&id) {
                    diags.push(
                        b.error(&[PathSeg::Key("id")], format!("ogiltigt id \"{id}\""))
                            .hint(ID_HINT),
                    );
                }
                if !used.insert(id.clone()) {
                    diags.push(b.error(
                        &[PathSeg::Key("id")],
                        format!("id \"{id}\" används av två block på samma sida"),
                    ));
                }
                id
            }
            None => {
                let mut k = format!("{}-{}", b.kind.name(), n + 1);
                while !used.insert(k.clone()) {
                    k.push('b');
                }
                k
            }
        };
        out.push(match &b.data {
            RawBlockData::KeyFigures(r) => Block::KeyFigures(key_figures(r, key, default_period)),
            RawBlockData::Indicators(r) => Block::Indicators(indicator::build(r, b, key, default_period, diags)),
            RawBlockData::Assignments(r) => Block::Assignments(assignments(r, b, key, diags)),
            RawBlockData::FinancialTable(r) => Block::Financial(financial::build(r, b, key, diags)),
            RawBlockData::Table(r) => Block::Table(table::build(r, b, key, diags)),
        });
        let more = diags.len().saturating_sub(first_problem + MAX_PROBLEMS_PER_BLOCK);
        if more > 0 {
            diags.truncate(first_problem + MAX_PROBLEMS_PER_BLOCK);
            diags.push(
                Diagnostic::new(
                    &b.file,
                    b.first_line.saturating_sub(1),
                    format!("… och {more} fel till i samma block"),
                )
                .hint("rätta felen ovan och bygg igen, så visas de som återstår"),
            );
        }
    }
    out
}

fn key_figures(r: &RawKeyFigures, key: String, default_period: Option<&str>) -> KeyFigures {
    let block_period = r.period.as_ref().map(|p| p.0.as_str()).or(default_period);
    KeyFigures {
        key,
        title: r.titel.clone(),
        items: r
            .poster
            .iter()
            .map(|p| KeyFigure {
                name: p.namn.clone(),
                value: p.värde.0,
                unit: p.enhet,
                period: p
                    .period
                    .as_ref()
                    .map(|x| x.0.clone())
                    .or(block_period.map(str::to_string)),
                comparison: p.jämförelse.as_ref().map(|c| (c.värde.0, c.period.0.clone())),
                text: p.text.clone(),
            })
            .collect(),
    }
}

fn assignments(r: &RawAssignments, b: &RawBlock, key: String, diags: &mut Vec<Diagnostic>) -> AssignmentSet {
    let mut seen = BTreeSet::new();
    for (i, a) in r.uppdrag.iter().enumerate() {
        let at = [PathSeg::Key("uppdrag"), PathSeg::Index(i), PathSeg::Key("id")];
        if !valid_id(&a.id) {
            diags.push(b.error(&at, format!("ogiltigt id \"{}\"", a.id)).hint(ID_HINT));
        }
        if !seen.insert(a.id.as_str()) {
            diags.push(b.error(&at, format!("uppdraget \"{}\" står två gånger i samma block", a.id)));
        }
    }
    AssignmentSet {
        key,
        title: r.titel.clone(),
        items: r
            .uppdrag
            .iter()
            .map(|a| Assignment {
                id: a.id.clone(),
                title: a.titel.clone(),
                status: a.status,
                responsible: a.ansvarig.clone(),
                timeline: a.tidsplan.as_ref().map(|t| t.0.clone()),
                text: a.text.clone(),
                comment: a.kommentar.clone(),
            })
            .collect(),
    }
}
