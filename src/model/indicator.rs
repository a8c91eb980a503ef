//! Indicators: a measured value against a target, with a direction that says which way is
//! better, a status stated or derived, and earlier values the report gives.

use crate::diagnostics::Diagnostic;
use crate::model::number::Figure;
use crate::model::origin::{At, Field, Origin};
use crate::model::period::Period;
use crate::model::values::{Direction, StatedStatus, Status, StatusWords, Unit};
use crate::policy::{ID_HINT, valid_id};
use rust_decimal::Decimal;

#[derive(Debug, Clone, Default)]
pub struct IndicatorSetSpec {
    pub title: Option<String>,
    pub period: Option<Period>,
    pub items: Vec<IndicatorSpec>,
}

#[derive(Debug, Clone, Default)]
pub struct IndicatorSpec {
    pub id: Option<String>,
    pub name: String,
    pub unit: Option<Unit>,
    pub outcome: Option<Figure>,
    pub target: Option<Figure>,
    pub target_period: Option<Period>,
    pub direction: Option<Direction>,
    pub status: Option<String>,
    pub period: Option<Period>,
    pub kolada: Option<String>,
    pub earlier: Vec<EarlierValue>,
    pub group: Option<String>,
    pub description: Option<String>,
    pub comment: Option<String>,
}

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
    pub period: Option<Period>,
    pub outcome: Option<Figure>,
    pub target: Option<Figure>,
    /// The target's own period, when it is not the outcome's.
    pub target_period: Option<Period>,
    pub direction: Option<Direction>,
    pub status: Option<StatedStatus>,
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
    pub period: Period,
    pub outcome: Figure,
    pub target: Option<Figure>,
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

pub fn build(
    spec: IndicatorSetSpec,
    key: String,
    period: Option<&Period>,
    words: &StatusWords,
    origin: &Origin,
    diags: &mut Vec<Diagnostic>,
) -> IndicatorSet {
    let block_period = spec.period.or_else(|| period.cloned());
    let mut items = Vec::new();
    for (i, r) in spec.items.into_iter().enumerate() {
        let at = |f: Field| At::ItemField(i, f);
        if let Some(id) = &r.id
            && !valid_id(id)
        {
            diags.push(
                origin
                    .error(&at(Field::Id), format!("ogiltigt id \"{id}\""))
                    .hint(ID_HINT),
            );
        }
        if let Some(k) = &r.kolada
            && !valid_kolada_id(k)
        {
            diags.push(
                origin
                    .error(&at(Field::Kolada), format!("\"{k}\" är inget Kolada-id"))
                    .hint("ett Kolada-id är en stor bokstav och fem siffror, till exempel N00901"),
            );
        }
        let stated = r
            .status
            .as_deref()
            .and_then(|w| words.read_or_report(w, origin, at(Field::Status), diags));
        let (status, derived) = match (stated, r.outcome.zip(r.target).zip(r.direction)) {
            (Some(s), _) => (Some(s), false),
            (None, Some(((o, t), d))) => (Some(StatedStatus::own(derive_status(o.value, t.value, d))), true),
            (None, None) => (None, false),
        };
        let period = r.period.or_else(|| block_period.clone());
        if r.earlier.iter().any(|e| Some(&e.period) == period.as_ref()) {
            diags.push(origin.error(
                &at(Field::Earlier),
                format!("\"{}\" har ett tidigare värde för samma period som utfallet", r.name),
            ));
        }
        items.push(Indicator {
            id: r.id,
            name: r.name,
            unit: r.unit,
            period,
            outcome: r.outcome,
            target: r.target,
            target_period: r.target_period,
            direction: r.direction,
            status,
            status_derived: derived,
            kolada: r.kolada,
            earlier: r.earlier,
            group: r.group,
            description: r.description,
            comment: r.comment,
        });
    }
    IndicatorSet {
        key,
        title: spec.title,
        items,
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
