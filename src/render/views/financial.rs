//! The view of a financial table: utfall, budget and avvikelse, formatted, with its two charts.

use super::blocks::{Downloads, caption, dom_id, downloads, source_note};
use crate::model::SignConvention;
use crate::model::Site;
use crate::model::financial::{FinancialRow, FinancialTable};
use crate::render::charts::{self, Bar, BarGroup, Caption};
use crate::render::format;
use rust_decimal::Decimal;
use serde::Serialize;

#[derive(Serialize)]
pub struct FinancialView {
    pub id: String,
    /// Id of the block's element on the page; never collides with heading ids.
    pub dom_id: String,
    pub title: String,
    pub caption: String,
    pub unit: &'static str,
    pub unit_words: &'static str,
    pub headings: [String; 4],
    pub convention: &'static str,
    pub rows: Vec<FinancialRowView>,
    pub total: FinancialRowView,
    pub total_computed: bool,
    pub show_total: bool,
    pub any_computed: bool,
    pub chart_bars: Option<String>,
    pub chart_deviation: Option<String>,
    pub notes: Vec<String>,
    pub note: Option<String>,
    pub downloads: Downloads,
}

#[derive(Serialize)]
pub struct FinancialRowView {
    pub label: String,
    pub outcome: String,
    pub budget: String,
    pub deviation: String,
    pub deviation_computed: bool,
    pub negative_deviation: bool,
}

fn fin_row(r: &FinancialRow) -> FinancialRowView {
    FinancialRowView {
        label: r.label.clone(),
        outcome: format::number(r.outcome),
        budget: format::number(r.budget),
        deviation: format::number(r.deviation),
        deviation_computed: r.deviation_computed,
        negative_deviation: r.deviation.is_sign_negative() && !r.deviation.is_zero(),
    }
}

pub fn financial(site: &Site, page_path: &str, t: &FinancialTable) -> FinancialView {
    let unit = Some(t.unit);
    let cap = caption(&t.title, t.period.as_deref(), unit);
    let has_negative = t
        .rows
        .iter()
        .any(|r| r.outcome.is_sign_negative() || r.budget.is_sign_negative());
    let (chart_bars, chart_deviation) = if t.chart {
        let groups: Vec<BarGroup> = t
            .rows
            .iter()
            .map(|r| BarGroup {
                label: r.label.clone(),
                bars: vec![Bar { value: r.outcome }, Bar { value: r.budget }],
            })
            .collect();
        let desc_bars = t
            .rows
            .iter()
            .map(|r| {
                format!(
                    "{}: {} {}, {} {}",
                    r.label,
                    t.headings[1].to_lowercase(),
                    format::number(r.outcome),
                    t.headings[2].to_lowercase(),
                    format::number(r.budget)
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let id_bars = format!("{}-staplar", dom_id(&t.key));
        let title_bars = format!(
            "{}: {} och {}",
            cap,
            t.headings[1].to_lowercase(),
            t.headings[2].to_lowercase()
        );
        let desc_bars = format!("Liggande stapeldiagram, {}. {}.", t.unit.words(), desc_bars);
        let bars = charts::grouped_bars(
            &Caption {
                id: &id_bars,
                title: &title_bars,
                desc: &desc_bars,
            },
            &[&t.headings[1], &t.headings[2]],
            &groups,
            unit,
        );
        let items: Vec<(String, Decimal)> = t.rows.iter().map(|r| (r.label.clone(), r.deviation)).collect();
        let desc_dev = format!(
            "Avvikelser från noll, {}. {} {}.",
            t.unit.words(),
            t.convention.formula().replace('−', "minus"),
            items
                .iter()
                .map(|(l, v)| format!("{l}: {}", format::signed(*v)))
                .collect::<Vec<_>>()
                .join("; ")
        );
        let id_dev = format!("{}-avvikelse", dom_id(&t.key));
        let title_dev = format!("{}: {}", cap, t.headings[3].to_lowercase());
        let dev = charts::diverging_bars(
            &Caption {
                id: &id_dev,
                title: &title_dev,
                desc: &desc_dev,
            },
            &items,
            unit,
        );
        (Some(bars), Some(dev))
    } else {
        (None, None)
    };
    let notes = t
        .rows
        .iter()
        .chain(std::iter::once(&t.total))
        .filter_map(|r| r.source_note.as_ref())
        .map(|n| source_note(n, unit))
        .collect();
    FinancialView {
        id: t.key.clone(),
        dom_id: dom_id(&t.key),
        title: t.title.clone(),
        caption: cap,
        unit: t.unit.symbol(),
        unit_words: t.unit.words(),
        headings: t.headings.clone(),
        convention: describe(t.convention, has_negative),
        rows: t.rows.iter().map(fin_row).collect(),
        total: fin_row(&t.total),
        total_computed: t.total_computed,
        show_total: t.show_total,
        any_computed: t.rows.iter().any(|r| r.deviation_computed),
        chart_bars,
        chart_deviation,
        notes,
        note: t.note.clone(),
        downloads: downloads(site, page_path, &t.key),
    }
}

/// A table's sign convention in words, for its caption and for screen readers.
fn describe(convention: SignConvention, has_negative: bool) -> &'static str {
    match (convention, has_negative) {
        (SignConvention::OutcomeMinusBudget, true) => {
            "Avvikelse = utfall − budget. Kostnader anges med minustecken, så en positiv avvikelse betyder ett överskott mot budget."
        }
        (SignConvention::OutcomeMinusBudget, false) => {
            "Avvikelse = utfall − budget. En positiv avvikelse betyder att utfallet är högre än budget."
        }
        (SignConvention::BudgetMinusOutcome, _) => {
            "Avvikelse = budget − utfall. En positiv avvikelse betyder att mindre än budgeterat har använts."
        }
    }
}
