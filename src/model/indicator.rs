//! Indicators: a measured value against a target, with a direction that says which way is
//! better, a status stated or derived, and earlier values the report gives.

use crate::diagnostics::Diagnostic;
use crate::load::blocks::{Direction, RawBlock, RawIndicators, Status, Unit};
use crate::load::yaml::PathSeg;
use rust_decimal::Decimal;

#[derive(Debug, Clone)]
pub struct IndicatorSet {
    pub key: String,
    pub title: Option<String>,
    pub items: Vec<Indicator>,
}

#[derive(Debug, Clone)]
pub struct Indicator {
    /// Stable id that ties the same indicator together across reports.
    pub id: Option<String>,
    pub name: String,
    pub unit: Option<Unit>,
    pub period: Option<String>,
    pub outcome: Option<Decimal>,
    pub target: Option<Decimal>,
    pub direction: Option<Direction>,
    pub status: Option<Status>,
    /// True when the build derived the status from outcome, target and direction.
    pub status_derived: bool,
    pub kolada: Option<String>,
    pub earlier: Vec<EarlierValue>,
    pub group: Option<String>,
    pub description: Option<String>,
    pub comment: Option<String>,
}

#[derive(Debug, Clone)]
pub struct EarlierValue {
    pub period: String,
    pub outcome: Decimal,
    pub target: Option<Decimal>,
}

/// Met or not, from the numbers alone.
pub fn derive_status(outcome: Decimal, target: Decimal, direction: Direction) -> Status {
    let met = match direction {
        Direction::HigherIsBetter => outcome >= target,
        Direction::LowerIsBetter => outcome <= target,
    };
    if met { Status::Fulfilled } else { Status::NotFulfilled }
}

/// Kolada's key figure ids are a letter and five digits, e.g. `N00901`.
pub fn valid_kolada_id(id: &str) -> bool {
    let b = id.as_bytes();
    b.len() == 6 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit)
}

/// Ids used in URLs: lowercase ASCII letters, digits and hyphens.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 80
        && id
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
        && !id.starts_with('-')
        && !crate::load::windows_reserved(id)
}

pub const ID_HINT: &str = "ett id skrivs med högst 80 små bokstäver a–z, siffror och bindestreck, till exempel personalomsattning (namn som con och nul är reserverade i Windows)";

pub fn build(
    raw: &RawIndicators,
    block: &RawBlock,
    key: String,
    default_period: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) -> IndicatorSet {
    let block_period = raw.period.as_ref().map(|p| p.0.as_str()).or(default_period);
    let mut items = Vec::new();
    for (i, r) in raw.indikatorer.iter().enumerate() {
        let at = |k: &'static str| vec![PathSeg::Key("indikatorer"), PathSeg::Index(i), PathSeg::Key(k)];
        if let Some(id) = &r.id
            && !valid_id(id)
        {
            diags.push(block.error(&at("id"), format!("ogiltigt id \"{id}\"")).hint(ID_HINT));
        }
        if let Some(k) = &r.kolada
            && !valid_kolada_id(k)
        {
            diags.push(
                block
                    .error(&at("kolada"), format!("\"{k}\" är inget Kolada-id"))
                    .hint("ett Kolada-id är en stor bokstav och fem siffror, till exempel N00901"),
            );
        }
        let (status, derived) = match (r.status, r.outcome_target_direction()) {
            (Some(s), _) => (Some(s), false),
            (None, Some((o, t, d))) => (Some(derive_status(o, t, d)), true),
            (None, None) => (None, false),
        };
        if r.tidigare
            .iter()
            .any(|e| Some(e.period.0.as_str()) == r.period.as_ref().map(|p| p.0.as_str()).or(block_period))
        {
            diags.push(block.error(
                &at("tidigare"),
                format!("\"{}\" har ett tidigare värde för samma period som utfallet", r.namn),
            ));
        }
        items.push(Indicator {
            id: r.id.clone(),
            name: r.namn.clone(),
            unit: r.enhet,
            period: r
                .period
                .as_ref()
                .map(|p| p.0.clone())
                .or(block_period.map(str::to_string)),
            outcome: r.utfall.map(|n| n.0),
            target: r.mål.map(|n| n.0),
            direction: r.riktning,
            status,
            status_derived: derived,
            kolada: r.kolada.clone(),
            earlier: r
                .tidigare
                .iter()
                .map(|e| EarlierValue {
                    period: e.period.0.clone(),
                    outcome: e.utfall.0,
                    target: e.mål.map(|m| m.0),
                })
                .collect(),
            group: r.grupp.clone(),
            description: r.beskrivning.clone(),
            comment: r.kommentar.clone(),
        });
    }
    IndicatorSet {
        key,
        title: raw.titel.clone(),
        items,
    }
}

impl crate::load::blocks::RawIndicator {
    fn outcome_target_direction(&self) -> Option<(Decimal, Decimal, Direction)> {
        Some((self.utfall?.0, self.mål?.0, self.riktning?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn derived_status_follows_direction() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(
            derive_status(d("9.92"), d("11"), Direction::LowerIsBetter),
            Status::Fulfilled
        );
        assert_eq!(
            derive_status(d("12"), d("11"), Direction::LowerIsBetter),
            Status::NotFulfilled
        );
        assert_eq!(
            derive_status(d("79"), d("73"), Direction::HigherIsBetter),
            Status::Fulfilled
        );
        assert_eq!(
            derive_status(d("11"), d("11"), Direction::LowerIsBetter),
            Status::Fulfilled
        );
    }

    #[test]
    fn ids() {
        assert!(valid_kolada_id("N00901"));
        assert!(!valid_kolada_id("n00901") && !valid_kolada_id("N0090") && !valid_kolada_id("N009011"));
        assert!(valid_id("personalomsattning") && !valid_id("Personal omsättning") && !valid_id(""));
    }
}
