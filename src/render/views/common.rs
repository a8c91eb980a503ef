//! What the block views share: element ids and download links of blocks, captions, notes,
//! and how a table cell is shown.

use super::status::capitalise;
use crate::model::Site;
use crate::model::table::{Cell, SourceNote, Value};
use crate::model::values::{MissingSymbol, Unit};
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

pub fn downloads(site: &Site, page_path: &str, key: &str) -> Downloads {
    Downloads {
        csv: site.config.url(&block_file(site, page_path, key, "csv")),
        json: site.config.url(&block_file(site, page_path, key, "json")),
    }
}

/// What a block's download links are named after, so that each link on a page says which
/// data it gives: the block's title, else its only item's name, else `plural`
/// ("uppdragen").
pub fn download_name<'a>(title: Option<&str>, mut items: impl Iterator<Item = &'a str>, plural: &str) -> String {
    if let Some(t) = title.filter(|t| !t.trim().is_empty()) {
        return t.to_string();
    }
    match (items.next(), items.next()) {
        (Some(only), None) => only.to_string(),
        _ => plural.to_string(),
    }
}

/// "Resultaträkning 2023, miljoner kronor"
pub fn caption(title: &str, period: Option<&str>, unit: Option<Unit>) -> String {
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

pub fn source_note(n: &SourceNote, unit: Option<Unit>) -> String {
    format!(
        "{}: källan anger {}, men siffrorna ger {}. {}",
        capitalise(&n.what),
        format::amount(n.stated, unit),
        format::amount(n.computed, unit),
        n.explanation
    )
}

#[derive(Serialize)]
pub struct ChartView {
    pub svg: String,
    pub caption: String,
}

#[derive(Serialize)]
pub struct CellView {
    pub text: String,
    /// For a missing-value symbol: what it means (shown as `<abbr title>`).
    pub meaning: Option<&'static str>,
    pub computed: bool,
    pub text_column: bool,
    /// In a nested table: the ids of the headings that name the cell (`headers`), since
    /// nested groups share a `<tbody>` and scope alone would tie the cell to every group.
    pub headers: Option<String>,
}

#[derive(Serialize)]
pub struct SymbolView {
    pub symbol: &'static str,
    pub meaning: &'static str,
}

pub fn symbol(m: MissingSymbol) -> SymbolView {
    match m {
        MissingSymbol::Nothing => SymbolView {
            symbol: "–",
            meaning: "inget finns att redovisa",
        },
        MissingSymbol::NotApplicable => SymbolView {
            symbol: ".",
            meaning: "uppgift kan inte förekomma",
        },
        MissingSymbol::NotAvailable => SymbolView {
            symbol: "..",
            meaning: "uppgift saknas eller är för osäker",
        },
    }
}

/// A cell's text: figures with the Swedish separators (a percent sign in percent columns, the
/// plus sign where the report wrote one), symbols as printed, text as text.
pub fn cell_text(v: &Value, unit: Option<Unit>) -> CellView {
    let (text, meaning) = match &v.cell {
        Cell::Figure(f) => {
            let n = if f.plus && !f.value.is_zero() {
                format::signed(f.value)
            } else {
                format::number(f.value)
            };
            let n = if unit == Some(Unit::Percent) {
                format!("{n}{}%", format::NBSP)
            } else {
                n
            };
            (n, None)
        }
        Cell::Missing(m) => {
            let s = symbol(*m);
            (s.symbol.to_string(), Some(s.meaning))
        }
        Cell::Empty => (String::new(), None),
        Cell::Text(t) => (t.clone(), None),
    };
    CellView {
        text,
        meaning,
        computed: v.computed,
        text_column: matches!(v.cell, Cell::Text(_)),
        headers: None,
    }
}
