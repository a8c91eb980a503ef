//! Financial tables: Utfall / Budget / Avvikelse with a stated sign convention, rows and a
//! total, every stated deviation and sum checked against the computed one.

use crate::diagnostics::Diagnostic;
use crate::load::blocks::{RawBlock, RawFinancialRow, RawFinancialTable, SignConvention, Unit};
use crate::load::yaml::PathSeg;
use crate::model::check::{Mismatch, check, exact_add, exact_sum, plain};
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub struct FinancialTable {
    pub key: String,
    pub title: String,
    pub unit: Unit,
    pub period: Option<String>,
    pub convention: SignConvention,
    /// Headings of the four columns: post, utfall, budget, avvikelse.
    pub headings: [String; 4],
    pub rows: Vec<FinancialRow>,
    pub total: FinancialRow,
    /// True when the editor gave no total row and the build computed it.
    pub total_computed: bool,
    /// A computed total of a single row only repeats it, so it is not shown.
    pub show_total: bool,
    pub chart: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone)]
pub struct FinancialRow {
    pub label: String,
    pub outcome: Decimal,
    pub budget: Decimal,
    pub deviation: Decimal,
    pub deviation_computed: bool,
    /// A discrepancy in the published source that the editor has kept and explained.
    pub source_note: Option<SourceNote>,
}

/// A figure the source states that does not add up, kept as published, with the editor's
/// explanation; shown to residents next to the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceNote {
    pub what: String,
    pub stated: Decimal,
    pub computed: Decimal,
    pub explanation: String,
}

impl SignConvention {
    pub fn deviation(self, outcome: Decimal, budget: Decimal) -> Decimal {
        match self {
            SignConvention::OutcomeMinusBudget => outcome - budget,
            SignConvention::BudgetMinusOutcome => budget - outcome,
        }
    }

    pub fn formula(self) -> &'static str {
        match self {
            SignConvention::OutcomeMinusBudget => "utfall − budget",
            SignConvention::BudgetMinusOutcome => "budget − utfall",
        }
    }
}

const SOURCE_ERROR_HINT: &str = "kontrollera siffran mot rapporten; står den så i källan, behåll den och förklara med {rad: \"…\", källfel: \"förklaring\"}";

pub fn build(raw: &RawFinancialTable, block: &RawBlock, key: String, diags: &mut Vec<Diagnostic>) -> FinancialTable {
    let conv = raw.avvikelse;
    let mut rows = Vec::with_capacity(raw.rader.len());
    for (i, r) in raw.rader.iter().enumerate() {
        let path = [PathSeg::Key("rader"), PathSeg::Index(i)];
        rows.push(build_row(r, conv, block, &path, diags));
    }
    if rows.is_empty() {
        diags.push(block.error(
            &[PathSeg::Key("rader")],
            format!("tabellen \"{}\" har inga rader", raw.titel),
        ));
    }
    let sum = |f: fn(&FinancialRow) -> Decimal| -> (Option<Decimal>, Vec<Decimal>) {
        let terms: Vec<Decimal> = rows.iter().map(f).collect();
        (exact_sum(&terms), terms)
    };
    let (sum_outcome, outcome_terms) = sum(|r| r.outcome);
    let (sum_budget, budget_terms) = sum(|r| r.budget);
    let (sum_deviation, deviation_terms) = sum(|r| r.deviation);
    let sums = (|| {
        let (o, b) = (sum_outcome?, sum_budget?);
        let d = match conv {
            SignConvention::OutcomeMinusBudget => exact_add(o, -b),
            SignConvention::BudgetMinusOutcome => exact_add(b, -o),
        };
        Some((o, b, sum_deviation?, d?))
    })();
    let (sum_outcome, sum_budget, sum_deviation, deviation_of_sums) = sums.unwrap_or_else(|| {
        diags.push(
            block
                .error(
                    &[PathSeg::Key("rader")],
                    format!(
                        "summorna i tabellen \"{}\" blir för stora för att räknas ut exakt",
                        raw.titel
                    ),
                )
                .hint("skriv beloppen i en större enhet (tkr, mnkr, mdkr) eller dela upp tabellen"),
        );
        Default::default()
    });
    let (total, total_computed) = match &raw.summa {
        None => (
            FinancialRow {
                label: "Summa".into(),
                outcome: sum_outcome,
                budget: sum_budget,
                deviation: deviation_of_sums,
                deviation_computed: true,
                source_note: None,
            },
            true,
        ),
        Some(s) => {
            let path = [PathSeg::Key("summa")];
            let total = build_row(s, conv, block, &path, diags);
            let mut notes = Vec::new();
            let checks = [
                ("utfall", total.outcome, sum_outcome, &outcome_terms),
                ("budget", total.budget, sum_budget, &budget_terms),
                ("avvikelse", total.deviation, sum_deviation, &deviation_terms),
            ];
            for (what, stated, computed, terms) in checks {
                if what == "avvikelse" && total.deviation_computed {
                    continue;
                }
                if let Err(m) = check(stated, computed, terms) {
                    notes.push((format!("summan av kolumnen {what}"), m));
                }
            }
            let mut total = total;
            report(
                &mut total,
                notes,
                s.source_error.as_deref(),
                &s.label,
                block,
                &path,
                diags,
            );
            (total, false)
        }
    };
    let mut headings = ["Post".to_string(), "Utfall".into(), "Budget".into(), "Avvikelse".into()];
    if let Some(h) = &raw.rubriker {
        if h.len() == 4 {
            for (slot, text) in headings.iter_mut().zip(h) {
                *slot = text.clone();
            }
        } else {
            diags.push(block.error(
                &[PathSeg::Key("rubriker")],
                format!(
                    "rubriker har {} namn, väntade 4 (post, utfall, budget, avvikelse)",
                    h.len()
                ),
            ));
        }
    }
    let show_total = !total_computed || rows.len() > 1;
    FinancialTable {
        key,
        show_total,
        title: raw.titel.clone(),
        unit: raw.enhet,
        period: raw.period.as_ref().map(|p| p.0.clone()),
        convention: conv,
        headings,
        rows,
        total,
        total_computed,
        chart: raw.diagram.unwrap_or(true),
        note: raw.not.clone(),
    }
}

fn build_row(
    r: &RawFinancialRow,
    conv: SignConvention,
    block: &RawBlock,
    path: &[PathSeg],
    diags: &mut Vec<Diagnostic>,
) -> FinancialRow {
    let computed = conv.deviation(r.outcome.0, r.budget.0);
    let mut row = FinancialRow {
        label: r.label.clone(),
        outcome: r.outcome.0,
        budget: r.budget.0,
        deviation: r.deviation.map(|d| d.0).unwrap_or(computed),
        deviation_computed: r.deviation.is_none(),
        source_note: None,
    };
    let mut notes = Vec::new();
    if let Some(stated) = r.deviation
        && let Err(m) = check(stated.0, computed, &[r.outcome.0, r.budget.0])
    {
        notes.push((format!("avvikelsen ({})", conv.formula()), m));
    }
    report(&mut row, notes, r.source_error.as_deref(), &r.label, block, path, diags);
    row
}

/// Turn mismatches into errors, or into a visible source note when the editor explained them.
fn report(
    row: &mut FinancialRow,
    notes: Vec<(String, Mismatch)>,
    explanation: Option<&str>,
    label: &str,
    block: &RawBlock,
    path: &[PathSeg],
    diags: &mut Vec<Diagnostic>,
) {
    match (explanation, notes.first()) {
        (Some(expl), Some((what, m))) => {
            row.source_note = Some(SourceNote {
                what: format!("{what} för \"{label}\""),
                stated: m.stated,
                computed: m.computed,
                explanation: expl.to_string(),
            });
        }
        (Some(_), None) => diags.push(
            block
                .error(path, format!("raden \"{label}\" har källfel: men siffrorna stämmer"))
                .hint("ta bort källfel: när raden stämmer"),
        ),
        (None, _) => {
            for (what, m) in notes {
                diags.push(mismatch_error(block, path, &format!("{what} för \"{label}\""), &m));
            }
        }
    }
}

pub fn mismatch_error(block: &RawBlock, path: &[PathSeg], what: &str, m: &Mismatch) -> Diagnostic {
    block
        .error(
            path,
            format!(
                "{what} stämmer inte: angivet {}, beräknat {}; skillnaden {} är större än avrundningen tillåter ({})",
                plain(m.stated),
                plain(m.computed),
                plain((m.stated - m.computed).abs()),
                plain(m.tolerance)
            ),
        )
        .hint(SOURCE_ERROR_HINT)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::blocks::{RawBlockData, find_blocks};
    use std::path::Path;

    fn table(yaml: &str) -> (FinancialTable, Vec<Diagnostic>) {
        let mut d = Vec::new();
        let body = format!("```ekonomitabell\n{yaml}```\n");
        let blocks = find_blocks(Path::new("content/r.md"), &body, 1, &mut d);
        assert!(d.is_empty(), "{d:?}");
        let RawBlockData::FinancialTable(raw) = &blocks[0].data else {
            panic!()
        };
        let t = build(raw, &blocks[0], "t".into(), &mut d);
        (t, d)
    }

    const RESULTAT_2023: &str = "titel: Resultaträkning\nenhet: mnkr\navvikelse: utfall − budget\nrader:\n  - Regionkontoret | -599,8 | -608,8 | 8,9\n  - Förtroendevalda | -45,8 | -52,2 | 6,4\n  - Utvecklingsmedel | -96,6 | -153,9 | 57,3\nsumma: Totalt | -742,2 | -814,9 | 72,7\n";

    #[test]
    fn the_real_2023_table_passes() {
        let (t, d) = table(RESULTAT_2023);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.total.deviation.to_string(), "72.7");
        assert!(!t.total_computed);
    }

    #[test]
    fn a_wrong_deviation_fails_with_line_and_values() {
        let (_, d) = table(&RESULTAT_2023.replace("8,9\n", "9,2\n"));
        assert_eq!(
            d.len(),
            1,
            "the column of deviations still adds up within rounding: {d:?}"
        );
        assert_eq!(d[0].line, 6);
        assert_eq!(
            d[0].message,
            "avvikelsen (utfall − budget) för \"Regionkontoret\" stämmer inte: angivet 9,2, beräknat 9,0; skillnaden 0,2 är större än avrundningen tillåter (0,15)"
        );
    }

    #[test]
    fn investment_convention_and_computed_total() {
        let yaml = "titel: Investeringar\nenhet: mnkr\navvikelse: budget − utfall\nrader:\n  - Möbler | 1,9 | 4,6 | 2,7\n  - IT-utrustning | 45,3 | 35,9\n";
        let (t, d) = table(yaml);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(t.rows[1].deviation.to_string(), "-9.4");
        assert!(t.rows[1].deviation_computed);
        assert!(t.total_computed);
        assert_eq!(
            (t.total.outcome.to_string(), t.total.budget.to_string()),
            ("47.2".into(), "40.5".into())
        );
    }

    #[test]
    fn a_source_error_is_kept_with_its_explanation() {
        let yaml = "titel: T\nenhet: mnkr\navvikelse: utfall − budget\nrader:\n  - A | 1,0 | 0,0\nsumma: {rad: \"Summa | 1,0 | 0,0 | 5,0\", källfel: Tryckfel i källan}\n";
        let (t, d) = table(yaml);
        assert!(d.is_empty(), "{d:?}");
        let note = t.total.source_note.unwrap();
        assert_eq!(
            (note.stated.to_string(), note.computed.to_string()),
            ("5.0".into(), "1.0".into())
        );
    }

    #[test]
    fn a_needless_source_error_is_refused() {
        let yaml = "titel: T\nenhet: mnkr\navvikelse: utfall − budget\nrader:\n  - {rad: \"A | 1,0 | 0,0 | 1,0\", källfel: x}\n";
        let (_, d) = table(yaml);
        assert_eq!(d[0].message, "raden \"A\" har källfel: men siffrorna stämmer");
    }
}
