//! Views of report blocks for templates: every number already formatted the Swedish way,
//! every chart drawn from the same model object as the table beside it. This file holds the
//! key figures and the choice of view and template per block; what the views share is in
//! `common`.

use super::assignments::assignments;
pub use super::common::{Downloads, dom_id};
use super::common::{download_name, downloads};
use super::indicators::indicators;
use super::table::table;
use crate::model::ReportId;
use crate::model::Site;
use crate::model::blocks::{Block, KeyFigures};
use crate::render::format;
use serde::Serialize;

#[derive(Serialize)]
pub struct KeyFiguresView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: Option<String>,
    pub items: Vec<KeyFigureView>,
    pub downloads: Downloads,
    /// What the download links name.
    pub download_name: String,
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
        download_name: download_name(
            k.title.as_deref(),
            k.items.iter().map(|f| f.name.as_str()),
            "nyckeltalen",
        ),
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
