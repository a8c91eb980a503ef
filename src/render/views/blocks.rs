//! Views of report blocks for templates: every number already formatted the Swedish way,
//! every chart drawn from the same model object as the table beside it. This file holds what
//! the block views share, the key figures, and the choice of view and template per block.

use super::assignments::assignments;
use super::indicators::indicators;
use super::status::capitalise;
use super::table::table;
use crate::model::blocks::{Block, KeyFigures};
use crate::model::table::SourceNote;
use crate::model::{ReportId, Site, Unit};
use crate::render::data::paths::block_file;
use crate::render::format;
use serde::Serialize;

/// The element id of a block: prefixed, so that it never equals a heading's id.
pub fn dom_id(key: &str) -> String {
    format!("block-{key}")
}

#[derive(Serialize)]
pub struct Downloads {
    pub csv: String,
    pub json: String,
}

pub(super) fn downloads(site: &Site, page_path: &str, key: &str) -> Downloads {
    Downloads {
        csv: site.config.url(&block_file(site, page_path, key, "csv")),
        json: site.config.url(&block_file(site, page_path, key, "json")),
    }
}

/// "Resultaträkning 2023, miljoner kronor"
pub(super) fn caption(title: &str, period: Option<&str>, unit: Option<Unit>) -> String {
    let mut c = title.to_string();
    if let Some(p) = period
        && !title.contains(p)
    {
        c.push_str(&format!(" {p}"));
    }
    if let Some(u) = unit
        && u != Unit::Count
    {
        c.push_str(&format!(", {}", u.words()));
    }
    c
}

pub(super) fn source_note(n: &SourceNote, unit: Option<Unit>) -> String {
    format!(
        "{}: källan anger {}, men siffrorna ger {}. {}",
        capitalise(&n.what),
        format::amount(n.stated, unit),
        format::amount(n.computed, unit),
        n.explanation
    )
}

#[derive(Serialize)]
pub struct KeyFiguresView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: Option<String>,
    pub items: Vec<KeyFigureView>,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct KeyFigureView {
    pub name: String,
    pub value: String,
    pub spoken: String,
    pub period: Option<String>,
    pub comparison: Option<String>,
    pub text: Option<String>,
}

pub fn key_figures(site: &Site, page_path: &str, k: &KeyFigures) -> KeyFiguresView {
    KeyFiguresView {
        id: k.key.clone(),
        dom_id: dom_id(&k.key),
        title: k.title.clone(),
        items: k
            .items
            .iter()
            .map(|f| KeyFigureView {
                name: f.name.clone(),
                value: format::figure(f.value, f.unit),
                spoken: format::spoken(f.value.value, f.unit),
                period: f.period.as_ref().map(|p| p.label()),
                comparison: f.comparison.as_ref().map(|(v, p)| {
                    format!(
                        "{p}: {} (förändring {})",
                        format::figure(*v, f.unit),
                        format::difference(f.value.value - v.value, f.unit)
                    )
                }),
                text: f.text.clone(),
            })
            .collect(),
        downloads: downloads(site, page_path, &k.key),
    }
}

/// The view of any block, as the template `blocks/<type>.html` receives it.
pub fn block_view(
    site: &Site,
    page_path: &str,
    block: &Block,
    report: Option<ReportId>,
    headings: &[String],
) -> (&'static str, tera::Value) {
    fn v<T: Serialize>(x: &T) -> tera::Value {
        tera::Value::from_serializable(x)
    }
    match block {
        Block::KeyFigures(k) => ("blocks/nyckeltal.html", v(&key_figures(site, page_path, k))),
        Block::Indicators(i) => ("blocks/indikatorer.html", v(&indicators(site, page_path, i, report))),
        Block::Assignments(a) => (
            "blocks/uppdrag.html",
            v(&assignments(site, page_path, a, report, headings)),
        ),
        Block::Table(t) => ("blocks/tabell.html", v(&table(site, page_path, t))),
    }
}
