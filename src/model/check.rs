//! Checking stated figures against computed ones, with the tolerance that rounding allows.
//!
//! Published reports round every figure they print. A stated deviation or total is accepted
//! when it differs from the computed one by at most half a unit of the last shown digit of
//! each rounded figure involved (the terms and the stated value itself). The 2023
//! resultaträkning states Regionkontoret 8,9 where −599,8 − (−608,8) = 9,0 (tolerance 0,15),
//! and a total of 72,7 where 8,9 + 6,4 + 57,3 = 72,6 (tolerance 0,2): both pass.

use rust_decimal::Decimal;

/// Half a unit of the last digit shown: `8,9` → 0,05; `72 704` → 0,5.
pub fn half_unit(d: Decimal) -> Decimal {
    Decimal::new(5, d.scale() + 1)
}

/// A stated figure that does not match the computed one beyond rounding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    pub stated: Decimal,
    pub computed: Decimal,
    pub tolerance: Decimal,
}

/// The tolerance for a stated value computed from `terms`.
pub fn tolerance(stated: Decimal, terms: &[Decimal]) -> Decimal {
    terms.iter().fold(half_unit(stated), |acc, t| acc + half_unit(*t))
}

/// Compare a stated value with the value computed from `terms`.
pub fn check(stated: Decimal, computed: Decimal, terms: &[Decimal]) -> Result<(), Mismatch> {
    let tol = tolerance(stated, terms);
    if (stated - computed).abs() <= tol {
        Ok(())
    } else {
        Err(Mismatch {
            stated,
            computed,
            tolerance: tol,
        })
    }
}

/// A decimal the way a Swedish reader writes it in a message: `−599,8`.
pub fn plain(d: Decimal) -> String {
    let s = d.to_string().replace('.', ",");
    match s.strip_prefix('-') {
        Some(rest) => format!("\u{2212}{rest}"),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn regionkontoret_2023_rounding_passes() {
        let (u, b) = (d("-599.8"), d("-608.8"));
        assert_eq!(u - b, d("9.0"));
        assert!(check(d("8.9"), u - b, &[u, b]).is_ok());
    }

    #[test]
    fn total_2023_rounding_passes() {
        let rows = [d("8.9"), d("6.4"), d("57.3")];
        let sum: Decimal = rows.iter().sum();
        assert_eq!(sum, d("72.6"));
        assert!(check(d("72.7"), sum, &rows).is_ok());
    }

    #[test]
    fn off_by_more_than_rounding_fails() {
        let (u, b) = (d("-599.8"), d("-608.8"));
        let m = check(d("9.2"), u - b, &[u, b]).unwrap_err();
        assert_eq!((m.computed, m.tolerance), (d("9.0"), d("0.15")));
        assert!(check(d("8.8"), u - b, &[u, b]).is_err());
    }

    #[test]
    fn whole_thousands_are_exact_enough() {
        let (u, b) = (d("-742214"), d("-814918"));
        assert!(check(d("72704"), u - b, &[u, b]).is_ok());
        assert!(check(d("72706"), u - b, &[u, b]).is_err());
    }

    #[test]
    fn half_units() {
        assert_eq!(half_unit(d("8.9")), d("0.05"));
        assert_eq!(half_unit(d("72704")), d("0.5"));
        assert_eq!(half_unit(d("9.92")), d("0.005"));
        assert_eq!(plain(d("-599.8")), "\u{2212}599,8");
    }
}
